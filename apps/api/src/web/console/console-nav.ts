import type { Role } from '../../auth/jwt';
import type { ConsoleMessages } from './i18n/console-messages';
import { CONSOLE_PATHS } from './console-site';

/** The console's pages in its navigation bar. */
export type ConsoleSection = 'overview' | 'openCard' | 'compliance' | 'closures' | 'queues' | 'apiDocs';

interface NavEntry {
  section: ConsoleSection;
  href: string;
  /** Who sees the entry; the page's own guard decides who may open it. */
  roles: readonly Role[];
}

/**
 * The navigation, in order. A new console page adds its entry here (and its words under
 * `nav` in the console's i18n files).
 */
export const CONSOLE_NAV: readonly NavEntry[] = [
  { section: 'overview', href: CONSOLE_PATHS.overview, roles: ['caseworker', 'admin'] },
  { section: 'openCard', href: CONSOLE_PATHS.openCard, roles: ['caseworker', 'admin'] },
  { section: 'compliance', href: CONSOLE_PATHS.compliance, roles: ['admin'] },
  { section: 'closures', href: CONSOLE_PATHS.closures, roles: ['admin'] },
  { section: 'queues', href: CONSOLE_PATHS.queues, roles: ['admin'] },
  { section: 'apiDocs', href: CONSOLE_PATHS.apiDocs, roles: ['admin'] },
];

export function navLinks(
  role: Role,
  current: ConsoleSection | null,
  words: ConsoleMessages['nav'],
): Array<{ href: string; text: string; current: boolean }> {
  return CONSOLE_NAV.filter((entry) => entry.roles.includes(role)).map((entry) => ({
    href: entry.href,
    text: words[entry.section],
    current: entry.section === current,
  }));
}
