import { businessDate } from '../calendar/business-date';
import type { WorkingDayCalendar } from '../calendar/calendar.types';
import type { PoliceDistrict } from '../card.events';
import type { IsoDate } from '../calendar/iso-date';
import type { CardState, CardStatus } from '../card.state';
import { isAddressConfirmed, isOverdue } from '../card.rules';
import { workingDaysLeft } from '../deadlines/deadlines';
import { formatHumanDate, formatHumanInstant, type MessageLanguage } from '../notifications/human-dates';
import { ADDRESS_ADVICE, DISTRICT_NAMES } from '../notifications/texts';

export interface ApplicantViewInput {
  reference: string;
  state: CardState;
  policeDistrict: PoliceDistrict;
  language: MessageLanguage;
  now: Date;
  zone: string;
  calendar: WorkingDayCalendar;
  /** Working days from the appointment to the card (policy `issue`), for the estimate. */
  issueWorkingDays: number;
}

/** What `POST /v1/status` answers: no personal data beyond the reference the applicant sent. */
export interface ApplicantView {
  reference: string;
  status: CardStatus;
  message: string;
  nextSteps: string[];
  /** The due date, an estimate from a booked appointment, or null (see `applicantView`). */
  expectedBy: IsoDate | null;
  overdue: boolean;
  /** Working days from today to `expectedBy` (negative once past it); null without a date. */
  workingDaysLeft: number | null;
  timeline: Array<{ status: CardStatus; date: IsoDate }>;
  addressCheck: { confirmed: boolean; advice: string };
  policeDistrict: { slug: PoliceDistrict; name: string };
}

/** Statuses whose current issue runs against a deadline the applicant waits for. */
const DEADLINE_STATUSES: readonly CardStatus[] = [
  'biometrics_captured',
  'ordered',
  'produced',
  'mailed',
  'returned',
  'lost_in_mail',
  'reissue_ordered',
];

/** Statuses where "the card should arrive by …" is news worth a sentence. */
const ARRIVAL_STATUSES: readonly CardStatus[] = [
  'biometrics_captured',
  'ordered',
  'produced',
  'mailed',
  'lost_in_mail',
  'reissue_ordered',
];

interface Wording {
  message: string;
  nextSteps: string[];
}

interface WordingContext {
  district: string;
  /** Awaiting an appointment because the last one was missed. */
  appointmentMissed: boolean;
  /** Human date of `expectedBy`, when set. */
  expected: string | null;
  appointment: string | null;
  feeNok: number | null;
  advice: string;
}

const WORDING: Record<MessageLanguage, Record<CardStatus, (c: WordingContext) => Wording>> = {
  en: {
    awaiting_appointment: (c) => ({
      message: c.appointmentMissed
        ? 'You did not come to your appointment. You need to book a new appointment with the police to take your photo and fingerprints.'
        : 'Your residence card case is open. The next step is an appointment with the police to take your photo and fingerprints.',
      nextSteps: [
        `Book an appointment in the Application Portal, or call ${c.district}.`,
        'Bring your passport to the appointment.',
        'Applicants under 18 must come with a parent or guardian.',
      ],
    }),
    appointment_booked: (c) => ({
      message: c.appointment
        ? `You have an appointment with ${c.district} on ${c.appointment} to take your photo and fingerprints.`
        : `You have an appointment with ${c.district} to take your photo and fingerprints.`,
      nextSteps: [
        'Bring your passport to the appointment.',
        'Applicants under 18 must come with a parent or guardian.',
        `If you cannot come, contact ${c.district} to book a new time.`,
      ],
    }),
    biometrics_captured: (c) => ({
      message: 'Your photo and fingerprints have been taken. The police will now order your card.',
      nextSteps: [c.advice, 'The card comes by post: you do not need to collect it.'],
    }),
    ordered: (c) => ({
      message: 'Your card has been ordered and is being produced.',
      nextSteps: [c.advice, 'The card comes by post: you do not need to collect it.'],
    }),
    produced: (c) => ({
      message: 'Your card has been produced and will be sent to you by post soon.',
      nextSteps: [c.advice],
    }),
    mailed: (c) => ({
      message: 'Your card has been sent to you by post.',
      nextSteps: [
        'Check your letter box.',
        'Make sure your name is on your letter box so that Posten can deliver the card.',
        c.expected
          ? `If the card has not arrived by ${c.expected}, contact ${c.district}.`
          : `If the card does not arrive, contact ${c.district}.`,
      ],
    }),
    delivered: (c) => ({
      message: 'Your card has been delivered.',
      nextSteps: [
        'Check that the details on the card are correct.',
        `If the card is lost, stolen or damaged, contact ${c.district} to get a replacement.`,
      ],
    }),
    returned: (c) => ({
      message: `Your card was returned to the police. Contact ${c.district} to collect it.`,
      nextSteps: [
        `Contact ${c.district} to collect your card.`,
        'Bring your passport or other identification when you collect it.',
        'Check that your postal address in the National Population Register (Folkeregisteret) is correct.',
      ],
    }),
    lost_in_mail: (c) => ({
      message: 'Your card was lost in the mail. The police are ordering a new card for you.',
      nextSteps: ['You do not need to book a new appointment.', c.advice],
    }),
    reissue_ordered: (c) => ({
      message: 'A new card has been ordered to replace the one lost in the mail.',
      nextSteps: ['You do not need to book a new appointment.', c.advice],
    }),
    replacement_requested: (c) => ({
      message:
        'A replacement card has been requested. You need a new appointment with the police to take your photo and fingerprints.',
      nextSteps: [
        `Book an appointment in the Application Portal, or call ${c.district}.`,
        'Bring your passport to the appointment.',
        c.feeNok ? `The fee for the replacement card is ${c.feeNok} NOK.` : 'There is no fee for this replacement card.',
      ],
    }),
    cancelled: (c) => ({
      message: 'Your card case has been cancelled. No card will be sent.',
      nextSteps: [`If you have questions, contact ${c.district}.`],
    }),
  },
  nb: {
    awaiting_appointment: (c) => ({
      message: c.appointmentMissed
        ? 'Du kom ikke til timen din. Du må bestille en ny time hos politiet for å ta bilde og fingeravtrykk.'
        : 'Saken om oppholdskort er opprettet. Neste steg er en time hos politiet for å ta bilde og fingeravtrykk.',
      nextSteps: [
        `Bestill time i søknadsportalen, eller ring ${c.district}.`,
        'Ta med passet ditt til timen.',
        'Søkere under 18 år må ha med seg en forelder eller verge.',
      ],
    }),
    appointment_booked: (c) => ({
      message: c.appointment
        ? `Du har time hos ${c.district} ${c.appointment} for å ta bilde og fingeravtrykk.`
        : `Du har time hos ${c.district} for å ta bilde og fingeravtrykk.`,
      nextSteps: [
        'Ta med passet ditt til timen.',
        'Søkere under 18 år må ha med seg en forelder eller verge.',
        `Hvis du ikke kan komme, ta kontakt med ${c.district} for å få en ny time.`,
      ],
    }),
    biometrics_captured: (c) => ({
      message: 'Bilde og fingeravtrykk er tatt. Politiet bestiller nå kortet ditt.',
      nextSteps: [c.advice, 'Kortet kommer i posten, så du trenger ikke å hente det.'],
    }),
    ordered: (c) => ({
      message: 'Kortet ditt er bestilt og blir produsert.',
      nextSteps: [c.advice, 'Kortet kommer i posten, så du trenger ikke å hente det.'],
    }),
    produced: (c) => ({
      message: 'Kortet ditt er produsert og blir snart sendt til deg i posten.',
      nextSteps: [c.advice],
    }),
    mailed: (c) => ({
      message: 'Kortet ditt er sendt til deg i posten.',
      nextSteps: [
        'Sjekk postkassen din.',
        'Sørg for at navnet ditt står på postkassen, slik at Posten kan levere kortet.',
        c.expected
          ? `Hvis kortet ikke har kommet innen ${c.expected}, ta kontakt med ${c.district}.`
          : `Hvis kortet ikke kommer, ta kontakt med ${c.district}.`,
      ],
    }),
    delivered: (c) => ({
      message: 'Kortet ditt er levert.',
      nextSteps: [
        'Sjekk at opplysningene på kortet er riktige.',
        `Hvis kortet blir borte, stjålet eller skadet, ta kontakt med ${c.district} for å få et nytt.`,
      ],
    }),
    returned: (c) => ({
      message: `Kortet ditt er sendt tilbake til politiet. Ta kontakt med ${c.district} for å hente det.`,
      nextSteps: [
        `Ta kontakt med ${c.district} for å hente kortet.`,
        'Ta med pass eller annen legitimasjon når du henter det.',
        'Sjekk at postadressen din i Folkeregisteret er riktig.',
      ],
    }),
    lost_in_mail: (c) => ({
      message: 'Kortet ditt ble borte i posten. Politiet bestiller et nytt kort til deg.',
      nextSteps: ['Du trenger ikke å bestille ny time.', c.advice],
    }),
    reissue_ordered: (c) => ({
      message: 'Et nytt kort er bestilt til erstatning for det som ble borte i posten.',
      nextSteps: ['Du trenger ikke å bestille ny time.', c.advice],
    }),
    replacement_requested: (c) => ({
      message:
        'Du har bedt om et nytt kort. Du må ha en ny time hos politiet for å ta bilde og fingeravtrykk.',
      nextSteps: [
        `Bestill time i søknadsportalen, eller ring ${c.district}.`,
        'Ta med passet ditt til timen.',
        c.feeNok ? `Gebyret for det nye kortet er ${c.feeNok} kroner.` : 'Det er ikke noe gebyr for dette kortet.',
      ],
    }),
    cancelled: (c) => ({
      message: 'Saken om oppholdskort er avsluttet. Det blir ikke sendt noe kort.',
      nextSteps: [`Hvis du har spørsmål, ta kontakt med ${c.district}.`],
    }),
  },
  nn: {
    awaiting_appointment: (c) => ({
      message: c.appointmentMissed
        ? 'Du kom ikkje til timen din. Du må bestille ein ny time hos politiet for å ta bilete og fingeravtrykk.'
        : 'Saka om opphaldskort er oppretta. Neste steg er ein time hos politiet for å ta bilete og fingeravtrykk.',
      nextSteps: [
        `Bestill time i søknadsportalen, eller ring ${c.district}.`,
        'Ta med passet ditt til timen.',
        'Søkjarar under 18 år må ha med seg ein forelder eller verje.',
      ],
    }),
    appointment_booked: (c) => ({
      message: c.appointment
        ? `Du har time hos ${c.district} ${c.appointment} for å ta bilete og fingeravtrykk.`
        : `Du har time hos ${c.district} for å ta bilete og fingeravtrykk.`,
      nextSteps: [
        'Ta med passet ditt til timen.',
        'Søkjarar under 18 år må ha med seg ein forelder eller verje.',
        `Dersom du ikkje kan kome, ta kontakt med ${c.district} for å få ny time.`,
      ],
    }),
    biometrics_captured: (c) => ({
      message: 'Bilete og fingeravtrykk er tekne. Politiet bestiller no kortet ditt.',
      nextSteps: [c.advice, 'Kortet kjem i posten, så du treng ikkje hente det.'],
    }),
    ordered: (c) => ({
      message: 'Kortet ditt er bestilt og blir produsert.',
      nextSteps: [c.advice, 'Kortet kjem i posten, så du treng ikkje hente det.'],
    }),
    produced: (c) => ({
      message: 'Kortet ditt er produsert og blir snart sendt til deg i posten.',
      nextSteps: [c.advice],
    }),
    mailed: (c) => ({
      message: 'Kortet ditt er sendt til deg i posten.',
      nextSteps: [
        'Sjekk postkassa di.',
        'Sjå til at namnet ditt står på postkassa, slik at Posten kan levere kortet.',
        c.expected
          ? `Dersom kortet ikkje er kome innan ${c.expected}, ta kontakt med ${c.district}.`
          : `Dersom kortet ikkje kjem, ta kontakt med ${c.district}.`,
      ],
    }),
    delivered: (c) => ({
      message: 'Kortet ditt er levert.',
      nextSteps: [
        'Sjekk at opplysningane på kortet er rette.',
        `Dersom kortet blir borte, stole eller skadd, ta kontakt med ${c.district} for å få eit nytt.`,
      ],
    }),
    returned: (c) => ({
      message: `Kortet ditt er sendt tilbake til politiet. Ta kontakt med ${c.district} for å hente det.`,
      nextSteps: [
        `Ta kontakt med ${c.district} for å hente kortet.`,
        'Ta med pass eller anna legitimasjon når du hentar det.',
        'Sjekk at postadressa di i Folkeregisteret er rett.',
      ],
    }),
    lost_in_mail: (c) => ({
      message: 'Kortet ditt vart borte i posten. Politiet bestiller eit nytt kort til deg.',
      nextSteps: ['Du treng ikkje bestille ny time.', c.advice],
    }),
    reissue_ordered: (c) => ({
      message: 'Eit nytt kort er bestilt i staden for det som vart borte i posten.',
      nextSteps: ['Du treng ikkje bestille ny time.', c.advice],
    }),
    replacement_requested: (c) => ({
      message:
        'Du har bede om eit nytt kort. Du må ha ein ny time hos politiet for å ta bilete og fingeravtrykk.',
      nextSteps: [
        `Bestill time i søknadsportalen, eller ring ${c.district}.`,
        'Ta med passet ditt til timen.',
        c.feeNok ? `Gebyret for det nye kortet er ${c.feeNok} kroner.` : 'Det er ikkje noko gebyr for dette kortet.',
      ],
    }),
    cancelled: (c) => ({
      message: 'Saka om opphaldskort er avslutta. Det blir ikkje sendt noko kort.',
      nextSteps: [`Dersom du har spørsmål, ta kontakt med ${c.district}.`],
    }),
  },
};

const EXPECTATION: Record<
  MessageLanguage,
  { onTime: (d: string) => string; estimate: (d: string) => string; overdue: (d: string) => string; overdueStep: (district: string) => string }
> = {
  en: {
    onTime: (d) => `The card should arrive by ${d}.`,
    estimate: (d) => `If your photo and fingerprints are taken then, the card should arrive by about ${d}.`,
    overdue: (d) => `The card should have arrived by ${d} and is late. We are sorry for the delay.`,
    overdueStep: (district) => `Contact ${district} if you have questions about the delay.`,
  },
  nb: {
    onTime: (d) => `Kortet skal være fremme innen ${d}.`,
    estimate: (d) => `Hvis bilde og fingeravtrykk blir tatt da, skal kortet være fremme rundt ${d}.`,
    overdue: (d) => `Kortet skulle ha vært fremme innen ${d} og er forsinket. Vi beklager forsinkelsen.`,
    overdueStep: (district) => `Ta kontakt med ${district} hvis du har spørsmål om forsinkelsen.`,
  },
  nn: {
    onTime: (d) => `Kortet skal vere framme innan ${d}.`,
    estimate: (d) => `Dersom bilete og fingeravtrykk blir tekne då, skal kortet vere framme rundt ${d}.`,
    overdue: (d) => `Kortet skulle ha vore framme innan ${d} og er forseinka. Vi beklagar forseinkinga.`,
    overdueStep: (district) => `Ta kontakt med ${district} dersom du har spørsmål om forseinkinga.`,
  },
};

/**
 * The applicant's view of their card (`POST /v1/status`).
 *
 * - `expectedBy`: the due date while the current issue runs against a deadline (captured,
 *   ordered, produced, mailed, returned, lost in the mail, reissue ordered); with an appointment
 *   booked, the estimate `addWorkingDays(appointment date, issueWorkingDays)`; otherwise null
 *   (awaiting an appointment, delivered, cancelled, replacement requested without appointment).
 * - `overdue`: a deadline applies and either the worker recorded the breach or its due date has
 *   ended (the breach may not be recorded yet). An estimate is never overdue.
 * - `addressCheck.confirmed`: the address was confirmed, after the order of the current issue
 *   when there is one (an old confirmation says nothing about the address the card goes to).
 * - `timeline`: the statuses the card has been in with their business dates, oldest first.
 */
export function applicantView(input: ApplicantViewInput): ApplicantView {
  const { state, language, now, zone, calendar } = input;
  const district = DISTRICT_NAMES[input.policeDistrict][language];

  let expectedBy: IsoDate | null = null;
  let estimated = false;
  if (DEADLINE_STATUSES.includes(state.status) && state.deadline) {
    expectedBy = state.deadline.dueDate;
  } else if (state.status === 'appointment_booked' && state.appointment) {
    expectedBy = calendar.addWorkingDays(businessDate(state.appointment.at, zone), input.issueWorkingDays);
    estimated = true;
  }

  // An estimate is never overdue; a due date shown is the card's deadline, overdue by the rule.
  const overdue = expectedBy !== null && !estimated && isOverdue(state, now, zone);
  const expected = expectedBy ? formatHumanDate(expectedBy, language) : null;

  const wording = WORDING[language][state.status]({
    district,
    appointmentMissed: state.status === 'awaiting_appointment' && state.timeline.at(-1)?.event === 'AppointmentMissed',
    expected,
    appointment: state.appointment ? formatHumanInstant(state.appointment.at, language, zone) : null,
    feeNok: state.fee ? state.fee.amountNok : null,
    advice: ADDRESS_ADVICE[language],
  });

  const phrases = EXPECTATION[language];
  let message = wording.message;
  let nextSteps = wording.nextSteps;
  if (expected && overdue) {
    message = `${message} ${phrases.overdue(expected)}`;
    nextSteps = [phrases.overdueStep(district), ...nextSteps].slice(0, 3);
  } else if (expected && estimated) {
    message = `${message} ${phrases.estimate(expected)}`;
  } else if (expected && ARRIVAL_STATUSES.includes(state.status)) {
    message = `${message} ${phrases.onTime(expected)}`;
  }

  const confirmed = isAddressConfirmed(state);

  return {
    reference: input.reference,
    status: state.status,
    message,
    nextSteps,
    expectedBy,
    overdue,
    workingDaysLeft: expectedBy ? workingDaysLeft(expectedBy, now, calendar, zone) : null,
    timeline: state.timeline.map((entry) => ({ status: entry.status, date: businessDate(entry.at, zone) })),
    addressCheck: { confirmed, advice: ADDRESS_ADVICE[language] },
    policeDistrict: { slug: input.policeDistrict, name: district },
  };
}
