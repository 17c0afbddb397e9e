import type { DeadlineKind, PoliceDistrict } from '../card.events';
import { formatHumanDate, formatHumanInstant, type MessageLanguage } from './human-dates';
import type { NotificationKind, NotificationParams } from './notification-kinds';

export const DISTRICT_NAMES: Record<PoliceDistrict, { en: string; nb: string }> = {
  oslo: { en: 'Oslo police district', nb: 'Oslo politidistrikt' },
  ost: { en: 'Øst police district', nb: 'Øst politidistrikt' },
  innlandet: { en: 'Innlandet police district', nb: 'Innlandet politidistrikt' },
  'sor-ost': { en: 'Sør-Øst police district', nb: 'Sør-Øst politidistrikt' },
  agder: { en: 'Agder police district', nb: 'Agder politidistrikt' },
  'sor-vest': { en: 'Sør-Vest police district', nb: 'Sør-Vest politidistrikt' },
  vest: { en: 'Vest police district', nb: 'Vest politidistrikt' },
  'more-og-romsdal': { en: 'Møre og Romsdal police district', nb: 'Møre og Romsdal politidistrikt' },
  trondelag: { en: 'Trøndelag police district', nb: 'Trøndelag politidistrikt' },
  nordland: { en: 'Nordland police district', nb: 'Nordland politidistrikt' },
  troms: { en: 'Troms police district', nb: 'Troms politidistrikt' },
  finnmark: { en: 'Finnmark police district', nb: 'Finnmark politidistrikt' },
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

const REFERENCE_LABEL: Record<MessageLanguage, string> = { en: 'Reference', nb: 'Referanse' };

const RETURN_BECAUSE: Record<MessageLanguage, Record<string, string>> = {
  en: {
    address_unknown: ' because the address was unknown',
    name_not_on_letterbox: ' because your name was not on the letter box',
  },
  nb: {
    address_unknown: ' fordi adressen var ukjent',
    name_not_on_letterbox: ' fordi navnet ditt ikke sto på postkassen',
  },
};

const DEADLINE_NAME: Record<MessageLanguage, Record<DeadlineKind, string>> = {
  en: { issue: 'issue deadline', reissue: 'reissue deadline' },
  nb: { issue: 'fristen for utstedelse', reissue: 'fristen for ny utstedelse' },
};

/**
 * The subject and plain text of a notification in English or Norwegian bokmål. Texts carry the
 * card reference and the district, never the DUF number, the applicant's name or address: the
 * context holds nothing else. Missing optional params (an order without a due date, a mailing
 * without a tracking number) drop the sentence that would use them.
 */
export function renderNotification(
  kind: NotificationKind,
  language: MessageLanguage,
  ctx: NotificationTextContext,
): NotificationText {
  const { params, districtName: district, zone } = ctx;
  const en = language === 'en';
  const due = params.dueDate ? formatHumanDate(params.dueDate, language) : null;
  const footer = `\n\n${REFERENCE_LABEL[language]}: ${ctx.reference}`;
  const body = (...sentences: Array<string | null | undefined | false>): string =>
    sentences.filter(Boolean).join(' ') + footer;

  switch (kind) {
    case 'appointment_reminder': {
      const when = params.appointmentAt ? formatHumanInstant(params.appointmentAt, language, zone) : null;
      return en
        ? {
            subject: 'Reminder: your residence card appointment',
            text: body(
              when
                ? `You have an appointment with ${district} on ${when} to have your photo and fingerprints taken for your residence card.`
                : `You have an appointment with ${district} to have your photo and fingerprints taken for your residence card.`,
              'Bring your passport.',
              'Applicants under 18 must be accompanied by a parent or guardian.',
              `If you cannot come, contact ${district} to book a new time.`,
            ),
          }
        : {
            subject: 'Påminnelse: time for oppholdskort',
            text: body(
              when
                ? `Du har time hos ${district} ${when} for å ta bilde og fingeravtrykk til oppholdskortet ditt.`
                : `Du har time hos ${district} for å ta bilde og fingeravtrykk til oppholdskortet ditt.`,
              'Ta med passet ditt.',
              'Søkere under 18 år må ha med seg en forelder eller verge.',
              `Hvis du ikke kan komme, ta kontakt med ${district} for å få en ny time.`,
            ),
          };
    }
    case 'address_check':
      return en
        ? {
            subject: 'Your residence card has been ordered',
            text: body(
              'Your residence card has been ordered and will be sent to you by post.',
              due && `It is expected by ${due}.`,
              ADDRESS_ADVICE.en,
            ),
          }
        : {
            subject: 'Oppholdskortet ditt er bestilt',
            text: body(
              'Oppholdskortet ditt er bestilt og blir sendt til deg i posten.',
              due && `Du skal ha det innen ${due}.`,
              ADDRESS_ADVICE.nb,
            ),
          };
    case 'address_check_final':
      return en
        ? {
            subject: 'Reminder: check your address before your residence card is mailed',
            text: body(
              due
                ? `Your residence card will soon be sent to you by post and is expected by ${due}.`
                : 'Your residence card will soon be sent to you by post.',
              ADDRESS_ADVICE.en,
              'If you have moved, report your move to Folkeregisteret now.',
            ),
          }
        : {
            subject: 'Påminnelse: sjekk adressen din før oppholdskortet sendes',
            text: body(
              due
                ? `Oppholdskortet ditt blir snart sendt til deg i posten, og du skal ha det innen ${due}.`
                : 'Oppholdskortet ditt blir snart sendt til deg i posten.',
              ADDRESS_ADVICE.nb,
              'Hvis du har flyttet, må du melde flytting til Folkeregisteret nå.',
            ),
          };
    case 'card_mailed':
      return en
        ? {
            subject: 'Your residence card has been mailed',
            text: body(
              due
                ? `Your residence card has been sent to you by post and should arrive by ${due}.`
                : 'Your residence card has been sent to you by post.',
              params.trackingNumber && `Tracking number: ${params.trackingNumber}.`,
              'Make sure your name is on your letter box so that Posten can deliver it.',
            ),
          }
        : {
            subject: 'Oppholdskortet ditt er sendt',
            text: body(
              due
                ? `Oppholdskortet ditt er sendt til deg i posten og skal være fremme innen ${due}.`
                : 'Oppholdskortet ditt er sendt til deg i posten.',
              params.trackingNumber && `Sporingsnummer: ${params.trackingNumber}.`,
              'Sørg for at navnet ditt står på postkassen, slik at Posten kan levere det.',
            ),
          };
    case 'card_returned': {
      const because = (params.reason && RETURN_BECAUSE[language][params.reason]) || '';
      return en
        ? {
            subject: 'Your residence card was returned to the police',
            text: body(
              `Posten could not deliver your residence card${because}, so it has been returned to ${district}.`,
              `Contact ${district} to collect it, and bring your passport or other identification.`,
              'Please also check that your postal address in the National Population Register (Folkeregisteret) is correct.',
            ),
          }
        : {
            subject: 'Oppholdskortet ditt er sendt tilbake til politiet',
            text: body(
              `Posten kunne ikke levere oppholdskortet ditt${because}, og det er derfor sendt tilbake til ${district}.`,
              `Ta kontakt med ${district} for å hente det, og ta med pass eller annen legitimasjon.`,
              'Sjekk også at postadressen din i Folkeregisteret er riktig.',
            ),
          };
    }
    case 'deadline_breached': {
      const deadline = DEADLINE_NAME[language][params.deadline ?? 'issue'];
      const card = ctx.reference;
      return en
        ? {
            subject: `Overdue residence card ${card}`,
            text: body(
              due
                ? `Residence card ${card} in ${district} has passed its ${deadline}: it was due by ${due} and has not been delivered.`
                : `Residence card ${card} in ${district} has passed its ${deadline} and has not been delivered.`,
              'Please follow up on the case.',
            ),
          }
        : {
            subject: `Forsinket oppholdskort ${card}`,
            text: body(
              due
                ? `Oppholdskort ${card} i ${district} har passert ${deadline}: det skulle ha vært levert innen ${due}, men er ikke levert.`
                : `Oppholdskort ${card} i ${district} har passert ${deadline} og er ikke levert.`,
              'Følg opp saken.',
            ),
          };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown notification kind ${String(unknown)}`);
    }
  }
}
