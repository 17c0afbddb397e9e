import type { DeadlineKind, PoliceDistrict } from '../card.events';
import { formatHumanDate, formatHumanInstant, type MessageLanguage } from './human-dates';
import type { NotificationKind, NotificationParams } from './notification-kinds';

/**
 * The districts' names in each language. Nynorsk writes the two eastern districts with "Aust",
 * as the police do in their nynorsk texts; the others are the same in both written forms.
 */
export const DISTRICT_NAMES: Record<PoliceDistrict, Record<MessageLanguage, string>> = {
  oslo: { en: 'Oslo police district', nb: 'Oslo politidistrikt', nn: 'Oslo politidistrikt' },
  ost: { en: 'Øst police district', nb: 'Øst politidistrikt', nn: 'Aust politidistrikt' },
  innlandet: { en: 'Innlandet police district', nb: 'Innlandet politidistrikt', nn: 'Innlandet politidistrikt' },
  'sor-ost': { en: 'Sør-Øst police district', nb: 'Sør-Øst politidistrikt', nn: 'Sør-Aust politidistrikt' },
  agder: { en: 'Agder police district', nb: 'Agder politidistrikt', nn: 'Agder politidistrikt' },
  'sor-vest': { en: 'Sør-Vest police district', nb: 'Sør-Vest politidistrikt', nn: 'Sør-Vest politidistrikt' },
  vest: { en: 'Vest police district', nb: 'Vest politidistrikt', nn: 'Vest politidistrikt' },
  'more-og-romsdal': {
    en: 'Møre og Romsdal police district',
    nb: 'Møre og Romsdal politidistrikt',
    nn: 'Møre og Romsdal politidistrikt',
  },
  trondelag: { en: 'Trøndelag police district', nb: 'Trøndelag politidistrikt', nn: 'Trøndelag politidistrikt' },
  nordland: { en: 'Nordland police district', nb: 'Nordland politidistrikt', nn: 'Nordland politidistrikt' },
  troms: { en: 'Troms police district', nb: 'Troms politidistrikt', nn: 'Troms politidistrikt' },
  finnmark: { en: 'Finnmark police district', nb: 'Finnmark politidistrikt', nn: 'Finnmark politidistrikt' },
};

/**
 * The address advice (check the registration in Folkeregisteret and the name on the letter box, or
 * the card goes back to the police), used by both address checks and the applicant view.
 */
export const ADDRESS_ADVICE: Record<MessageLanguage, string> = {
  en:
    'Check that you are registered at the correct postal address in the National Population ' +
    'Register (Folkeregisteret) and that your name is on your letter box, or the card will be ' +
    'returned to the police.',
  nb:
    'Sjekk at du er registrert med riktig postadresse i Folkeregisteret og at navnet ditt står ' +
    'på postkassen, ellers blir kortet sendt tilbake til politiet.',
  nn:
    'Sjekk at du er registrert med rett postadresse i Folkeregisteret og at namnet ditt står ' +
    'på postkassa, elles blir kortet sendt tilbake til politiet.',
};

export interface NotificationTextContext {
  /** The card reference the applicant knows; never the DUF number. */
  reference: string;
  params: NotificationParams;
  /** Already in the message's language, e.g. `DISTRICT_NAMES.oslo.nb`. */
  districtName: string;
  /** Business time zone, for the wall-clock time of an appointment. */
  zone: string;
}

export interface NotificationText {
  subject: string;
  text: string;
}

const REFERENCE_LABEL: Record<MessageLanguage, string> = { en: 'Reference', nb: 'Referanse', nn: 'Referanse' };

const RETURN_BECAUSE: Record<MessageLanguage, Record<string, string>> = {
  en: {
    address_unknown: ' because the address was unknown',
    name_not_on_letterbox: ' because your name was not on the letter box',
  },
  nb: {
    address_unknown: ' fordi adressen var ukjent',
    name_not_on_letterbox: ' fordi navnet ditt ikke sto på postkassen',
  },
  nn: {
    address_unknown: ' fordi adressa var ukjend',
    name_not_on_letterbox: ' fordi namnet ditt ikkje stod på postkassa',
  },
};

const DEADLINE_NAME: Record<MessageLanguage, Record<DeadlineKind, string>> = {
  en: { issue: 'issue deadline', reissue: 'reissue deadline' },
  nb: { issue: 'fristen for utstedelse', reissue: 'fristen for ny utstedelse' },
  nn: { issue: 'fristen for utferding', reissue: 'fristen for ny utferding' },
};

/** What each text may use, already in the message's language. */
interface TextInput {
  district: string;
  reference: string;
  /** The due date as a human date, when known. */
  due: string | null;
  /** The appointment as a human date and time, when known. */
  when: string | null;
  trackingNumber: string | null;
  /** ", because …" for a returned card, or "". */
  because: string;
  /** The name of the breached deadline. */
  deadline: string;
  /** Sentences joined, with the reference footer. */
  body: (...sentences: Array<string | null | undefined | false>) => string;
}

type Texts = Record<NotificationKind, (t: TextInput) => NotificationText>;

const TEXTS: Record<MessageLanguage, Texts> = {
  en: {
    appointment_reminder: (t) => ({
      subject: 'Reminder: your residence card appointment',
      text: t.body(
        t.when
          ? `You have an appointment with ${t.district} on ${t.when} to have your photo and fingerprints taken for your residence card.`
          : `You have an appointment with ${t.district} to have your photo and fingerprints taken for your residence card.`,
        'Bring your passport.',
        'Applicants under 18 must be accompanied by a parent or guardian.',
        `If you cannot come, contact ${t.district} to book a new time.`,
      ),
    }),
    address_check: (t) => ({
      subject: 'Your residence card has been ordered',
      text: t.body(
        'Your residence card has been ordered and will be sent to you by post.',
        t.due && `It is expected by ${t.due}.`,
        ADDRESS_ADVICE.en,
      ),
    }),
    address_check_final: (t) => ({
      subject: 'Reminder: check your address before your residence card is mailed',
      text: t.body(
        t.due
          ? `Your residence card will soon be sent to you by post and is expected by ${t.due}.`
          : 'Your residence card will soon be sent to you by post.',
        ADDRESS_ADVICE.en,
        'If you have moved, report your move to Folkeregisteret now.',
      ),
    }),
    card_mailed: (t) => ({
      subject: 'Your residence card has been mailed',
      text: t.body(
        t.due
          ? `Your residence card has been sent to you by post and should arrive by ${t.due}.`
          : 'Your residence card has been sent to you by post.',
        t.trackingNumber && `Tracking number: ${t.trackingNumber}.`,
        'Make sure your name is on your letter box so that Posten can deliver it.',
      ),
    }),
    card_returned: (t) => ({
      subject: 'Your residence card was returned to the police',
      text: t.body(
        `Posten could not deliver your residence card${t.because}, so it has been returned to ${t.district}.`,
        `Contact ${t.district} to collect it, and bring your passport or other identification.`,
        'Please also check that your postal address in the National Population Register (Folkeregisteret) is correct.',
      ),
    }),
    deadline_breached: (t) => ({
      subject: `Overdue residence card ${t.reference}`,
      text: t.body(
        t.due
          ? `Residence card ${t.reference} in ${t.district} has passed its ${t.deadline}: it was due by ${t.due} and has not been delivered.`
          : `Residence card ${t.reference} in ${t.district} has passed its ${t.deadline} and has not been delivered.`,
        'Please follow up on the case.',
      ),
    }),
  },
  nb: {
    appointment_reminder: (t) => ({
      subject: 'Påminnelse: time for oppholdskort',
      text: t.body(
        t.when
          ? `Du har time hos ${t.district} ${t.when} for å ta bilde og fingeravtrykk til oppholdskortet ditt.`
          : `Du har time hos ${t.district} for å ta bilde og fingeravtrykk til oppholdskortet ditt.`,
        'Ta med passet ditt.',
        'Søkere under 18 år må ha med seg en forelder eller verge.',
        `Hvis du ikke kan komme, ta kontakt med ${t.district} for å få en ny time.`,
      ),
    }),
    address_check: (t) => ({
      subject: 'Oppholdskortet ditt er bestilt',
      text: t.body(
        'Oppholdskortet ditt er bestilt og blir sendt til deg i posten.',
        t.due && `Du skal ha det innen ${t.due}.`,
        ADDRESS_ADVICE.nb,
      ),
    }),
    address_check_final: (t) => ({
      subject: 'Påminnelse: sjekk adressen din før oppholdskortet sendes',
      text: t.body(
        t.due
          ? `Oppholdskortet ditt blir snart sendt til deg i posten, og du skal ha det innen ${t.due}.`
          : 'Oppholdskortet ditt blir snart sendt til deg i posten.',
        ADDRESS_ADVICE.nb,
        'Hvis du har flyttet, må du melde flytting til Folkeregisteret nå.',
      ),
    }),
    card_mailed: (t) => ({
      subject: 'Oppholdskortet ditt er sendt',
      text: t.body(
        t.due
          ? `Oppholdskortet ditt er sendt til deg i posten og skal være fremme innen ${t.due}.`
          : 'Oppholdskortet ditt er sendt til deg i posten.',
        t.trackingNumber && `Sporingsnummer: ${t.trackingNumber}.`,
        'Sørg for at navnet ditt står på postkassen, slik at Posten kan levere det.',
      ),
    }),
    card_returned: (t) => ({
      subject: 'Oppholdskortet ditt er sendt tilbake til politiet',
      text: t.body(
        `Posten kunne ikke levere oppholdskortet ditt${t.because}, og det er derfor sendt tilbake til ${t.district}.`,
        `Ta kontakt med ${t.district} for å hente det, og ta med pass eller annen legitimasjon.`,
        'Sjekk også at postadressen din i Folkeregisteret er riktig.',
      ),
    }),
    deadline_breached: (t) => ({
      subject: `Forsinket oppholdskort ${t.reference}`,
      text: t.body(
        t.due
          ? `Oppholdskort ${t.reference} i ${t.district} har passert ${t.deadline}: det skulle ha vært levert innen ${t.due}, men er ikke levert.`
          : `Oppholdskort ${t.reference} i ${t.district} har passert ${t.deadline} og er ikke levert.`,
        'Følg opp saken.',
      ),
    }),
  },
  nn: {
    appointment_reminder: (t) => ({
      subject: 'Påminning: time for opphaldskort',
      text: t.body(
        t.when
          ? `Du har time hos ${t.district} ${t.when} for å ta bilete og fingeravtrykk til opphaldskortet ditt.`
          : `Du har time hos ${t.district} for å ta bilete og fingeravtrykk til opphaldskortet ditt.`,
        'Ta med passet ditt.',
        'Søkjarar under 18 år må ha med seg ein forelder eller verje.',
        `Dersom du ikkje kan kome, ta kontakt med ${t.district} for å få ny time.`,
      ),
    }),
    address_check: (t) => ({
      subject: 'Opphaldskortet ditt er bestilt',
      text: t.body(
        'Opphaldskortet ditt er bestilt og blir sendt til deg i posten.',
        t.due && `Du skal ha det innan ${t.due}.`,
        ADDRESS_ADVICE.nn,
      ),
    }),
    address_check_final: (t) => ({
      subject: 'Påminning: sjekk adressa di før opphaldskortet blir sendt',
      text: t.body(
        t.due
          ? `Opphaldskortet ditt blir snart sendt til deg i posten, og du skal ha det innan ${t.due}.`
          : 'Opphaldskortet ditt blir snart sendt til deg i posten.',
        ADDRESS_ADVICE.nn,
        'Dersom du har flytta, må du melde flytting til Folkeregisteret no.',
      ),
    }),
    card_mailed: (t) => ({
      subject: 'Opphaldskortet ditt er sendt',
      text: t.body(
        t.due
          ? `Opphaldskortet ditt er sendt til deg i posten og skal vere framme innan ${t.due}.`
          : 'Opphaldskortet ditt er sendt til deg i posten.',
        t.trackingNumber && `Sporingsnummer: ${t.trackingNumber}.`,
        'Sjå til at namnet ditt står på postkassa, slik at Posten kan levere det.',
      ),
    }),
    card_returned: (t) => ({
      subject: 'Opphaldskortet ditt er sendt tilbake til politiet',
      text: t.body(
        `Posten kunne ikkje levere opphaldskortet ditt${t.because}, og difor er det sendt tilbake til ${t.district}.`,
        `Ta kontakt med ${t.district} for å hente det, og ta med pass eller anna legitimasjon.`,
        'Sjekk òg at postadressa di i Folkeregisteret er rett.',
      ),
    }),
    deadline_breached: (t) => ({
      subject: `Forseinka opphaldskort ${t.reference}`,
      text: t.body(
        t.due
          ? `Opphaldskort ${t.reference} i ${t.district} har passert ${t.deadline}: det skulle ha vore levert innan ${t.due}, men er ikkje levert.`
          : `Opphaldskort ${t.reference} i ${t.district} har passert ${t.deadline} og er ikkje levert.`,
        'Følg opp saka.',
      ),
    }),
  },
};

/**
 * The subject and plain text of a notification in English, bokmål or nynorsk. Texts carry the
 * card reference and the district, never the DUF number, the applicant's name or address: the
 * context holds nothing else. Missing optional params (an order without a due date, a mailing
 * without a tracking number) drop the sentence that would use them.
 */
export function renderNotification(
  kind: NotificationKind,
  language: MessageLanguage,
  ctx: NotificationTextContext,
): NotificationText {
  const { params, zone } = ctx;
  const footer = `\n\n${REFERENCE_LABEL[language]}: ${ctx.reference}`;
  const texts = TEXTS[language]?.[kind];
  if (!texts) throw new Error(`Unknown notification kind ${String(kind)} or language ${String(language)}`);
  return texts({
    district: ctx.districtName,
    reference: ctx.reference,
    due: params.dueDate ? formatHumanDate(params.dueDate, language) : null,
    when: params.appointmentAt ? formatHumanInstant(params.appointmentAt, language, zone) : null,
    trackingNumber: params.trackingNumber ?? null,
    because: (params.reason && RETURN_BECAUSE[language][params.reason]) || '',
    deadline: DEADLINE_NAME[language][params.deadline ?? 'issue'],
    body: (...sentences) => sentences.filter(Boolean).join(' ') + footer,
  });
}
