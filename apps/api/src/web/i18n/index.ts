import { isMessageLanguage, MESSAGE_LANGUAGES, pickLanguage, type MessageLanguage } from '@cardtrail/card-lifecycle';
import { en } from './en';
import type { Messages } from './messages';
import { nb } from './nb';
import { nn } from './nn';

export type { ApplicantMessages, CommonMessages, Messages, TravelMessages } from './messages';

/** All the pages' words: one file per language. */
export const MESSAGES: Record<MessageLanguage, Messages> = { en, nb, nn };

/** The query parameter of the language switch (`?lang=nn`), and the cookie that keeps the choice. */
export const LANGUAGE_PARAM = 'lang';
export const LANGUAGE_COOKIE = 'cardtrail_lang';

export interface LanguageChoice {
  language: MessageLanguage;
  /** A language chosen with the switch that the cookie does not hold yet: remember it. */
  remember: MessageLanguage | null;
}

/**
 * The page's language: the switch (`?lang=`) first, then the language chosen before (cookie),
 * then the browser's `Accept-Language` (the library's rule: nb and no bokmål, nn nynorsk,
 * otherwise English). Unknown values are ignored, never echoed.
 */
export function chooseLanguage(input: { query?: unknown; cookie?: string; acceptLanguage?: string }): LanguageChoice {
  if (isMessageLanguage(input.query)) {
    return { language: input.query, remember: input.query === input.cookie ? null : input.query };
  }
  if (isMessageLanguage(input.cookie)) return { language: input.cookie, remember: null };
  return { language: pickLanguage(input.acceptLanguage), remember: null };
}

export interface LanguageLink {
  language: MessageLanguage;
  /** The language's name in itself. */
  name: string;
  href: string;
  current: boolean;
}

/**
 * The language switch: the same page in each language. `keep` is the page's own query (already
 * validated, never personal data: the DUF number and the reference only travel in POST bodies),
 * so switching keeps the reader's place, the travel planner's dates included.
 */
export function languageLinks(path: string, current: MessageLanguage, keep: Record<string, string | undefined> = {}): LanguageLink[] {
  return MESSAGE_LANGUAGES.map((language) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(keep)) if (value !== undefined && value !== '') query.set(name, value);
    query.set(LANGUAGE_PARAM, language);
    return { language, name: MESSAGES[language].languageName, href: `${path}?${query.toString()}`, current: language === current };
  });
}
