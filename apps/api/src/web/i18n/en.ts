import { consoleEn } from '../console/i18n/console-en';
import type { Messages } from './messages';

const plural = (n: number, one: string, many: string): string => `${n} ${Math.abs(n) === 1 ? one : many}`;

export const en: Messages = {
  languageName: 'English',
  common: {
    skipLink: 'Skip to main content',
    languageSwitch: 'Language',
    errorTitlePrefix: 'Error: ',
    errorSummaryHeading: 'There is a problem',
    workingDays: (n) => plural(n, 'working day', 'working days'),
    timeOfDay: (hhmm) => hhmm,
    minutes: (n) => `about ${plural(n, 'minute', 'minutes')}`,
    startAgain: 'Start again',
    errors: {
      expired: {
        title: 'The page has expired',
        body: [
          'For your security, forms on this service only work for a short time.',
          'This also happens if your browser blocks cookies. This service only uses cookies that it needs to work.',
          'Go back to the start and try again.',
        ],
      },
      forbidden: {
        title: 'You do not have access to this page',
        body: ['It belongs to another police district, or it is for another role.', 'Go back to the start.'],
      },
      malformed: {
        title: 'The form could not be read',
        body: ['Something was wrong with what your browser sent.', 'Go back to the start and try again.'],
      },
      notFound: {
        title: 'Page not found',
        body: ['Check that the address is correct.', 'You can look up your card from the start page.'],
      },
      unavailable: {
        title: 'The service is not available right now',
        body: ['Try again in a few minutes.', 'Your card is not affected by this.'],
      },
      failed: {
        title: 'Sorry, something went wrong',
        body: ['Try again later.', 'Your card is not affected by this.'],
      },
    },
  },
  applicant: {
    serviceName: 'Where is my residence card?',
    lookup: {
      title: 'Look up your residence card',
      intro: 'See where your card is, when it should arrive, and what you need to do.',
      youNeed: 'You need:',
      needReference: 'the card reference, which is in the messages we send you about your card',
      needDuf: 'your DUF number, which is on letters from UDI and the police',
      referenceLabel: 'Card reference',
      referenceHint: 'It starts with CT-, for example CT-7K3Q-M9XD-2HFA.',
      dufLabel: 'DUF number',
      dufHint: '12 digits, for example 2016 0123 4567.',
      submit: 'Show my card',
      privacy: 'This service does not show your name, your address or your DUF number.',
      travelLink: 'Do you plan to travel? See when a card can be expected after an appointment',
      expired: 'For your security, the page about your card closes after 30 minutes. Look up your card again.',
      errors: {
        referenceMissing: 'Enter the card reference.',
        referenceFormat: 'The card reference is CT- and 12 letters and digits, for example CT-7K3Q-M9XD-2HFA.',
        dufMissing: 'Enter your DUF number.',
        dufFormat: 'The DUF number has 12 digits, for example 2016 0123 4567.',
        dufYear: 'The DUF number starts with the year of your first application, for example 2012.',
        notFound:
          'We could not find a card with this reference and DUF number. Check both against your letters and try again.',
      },
    },
    tooManyTries: {
      title: 'Too many attempts',
      body: 'You have tried too many times with a reference or DUF number that did not match. For your security, you must wait before you try again.',
      tryAgainAt: (time, wait) => `You can try again at ${time} (in ${wait}).`,
      back: 'Back to the look-up',
    },
    status: {
      title: 'Your residence card',
      reference: 'Reference',
      nowHeading: 'Where your card is now',
      statusNames: {
        awaiting_appointment: 'Waiting for an appointment',
        appointment_booked: 'Appointment booked',
        biometrics_captured: 'Photo and fingerprints taken',
        ordered: 'Card ordered',
        produced: 'Card made',
        mailed: 'Sent by post',
        delivered: 'Delivered',
        returned: 'Returned to the police',
        lost_in_mail: 'Lost in the mail',
        reissue_ordered: 'New card ordered',
        replacement_requested: 'New card requested',
        cancelled: 'Cancelled',
      },
      expectedLabel: 'The card should arrive',
      estimateLabel: 'The card should arrive, if your appointment goes as planned',
      by: (date) => `by ${date}`,
      daysLeft: (days) => `${days} from today`,
      lastDay: 'Today is the last day',
      daysLate: (days) => `${days} late`,
      deliveredOn: (date) => `Delivered on ${date}`,
      district: 'Police district',
      lateHeading: 'Your card is late',
      late: (days, lostInMail) =>
        lostInMail
          ? `The police should send a new card within ${days} after a card is lost in the mail. That time has passed.`
          : `The police should send your card within ${days} after your photo and fingerprints are taken. That time has passed.`,
      lateNoNewApplication: 'You do not need to apply again or book a new appointment.',
      lateContact: (district) => `Contact ${district} if you have questions. The phone number of the police is 02800.`,
      nextHeading: 'What happens next',
      addressHeading: 'Check your address',
      addressButton: 'I have checked my address',
      addressConfirmed: 'Thank you. You have confirmed that your address is correct.',
      addressMoved: 'If you have moved, report the move to Folkeregisteret first.',
      addressStep: 'Check your address, and tell us below that you have checked it.',
      stepsHeading: 'Steps',
      stepNames: {
        awaiting_appointment: 'Book an appointment',
        appointment_booked: 'Appointment booked',
        biometrics_captured: 'Photo and fingerprints taken',
        ordered: 'Card ordered',
        produced: 'Card made',
        mailed: 'Sent by post',
        delivered: 'Delivered',
        returned: 'Returned to the police',
        lost_in_mail: 'Lost in the mail',
        reissue_ordered: 'New card ordered',
        replacement_requested: 'New card requested',
        cancelled: 'Case cancelled',
      },
      stepMissed: 'Appointment missed',
      stepCollected: 'Collected from the police',
      stepDone: 'Done:',
      stepNow: 'Now:',
      stepNext: 'Next:',
      stepExpected: (date) => `Expected by ${date}`,
      endHeading: 'Look up another card',
      endBody: 'This closes the page about this card on this device.',
      endButton: 'Close and look up another card',
      cancelledConfirm: 'This case is closed, so there is no address to confirm.',
    },
    travel: {
      heading: 'Travelling abroad?',
      intro: 'See if your card is expected before you leave Norway.',
      departureLabel: 'When do you leave Norway?',
      departureHint: 'The date you travel.',
      appointmentLabel: 'When is your appointment with the police?',
      appointmentHint: 'If you have not booked one yet, enter the date you hope to get.',
      submit: 'Check the date',
      errors: {
        departureMissing: 'Enter the date you leave Norway.',
        appointmentMissing: 'Enter the date of your appointment.',
        notADate: 'Enter a real date, for example 20.01.2027.',
        departurePast: 'The date you leave must be today or later.',
        appointmentPast: 'The appointment must be today or later.',
        tooFar: 'Enter a date within the next two years.',
      },
      result: {
        beforeHeading: 'Your card should come before you travel',
        before: (expected, spare, departure) =>
          `It is expected by ${expected}. That is ${spare} before you leave on ${departure}.`,
        tightHeading: 'Your card should come just before you travel',
        tight: (expected, spare, departure) =>
          `It is expected by ${expected}. That is only ${spare} before you leave on ${departure}. There is little time if the post is slow.`,
        noneToSpare: (expected, departure) =>
          `It is expected by ${expected}. You leave on ${departure}, with no working day in between. There is little time if the post is slow.`,
        afterHeading: 'Your card will probably not come before you travel',
        after: (expected, departure) => `It is expected by ${expected}. You leave on ${departure}.`,
        afterAdvice: (district) => `Contact ${district} before you travel to ask what you can do.`,
        estimateNote: (days) =>
          `This is an estimate. The card comes by post about ${days} after your photo and fingerprints are taken.`,
        fromAppointment: (appointment, expected) =>
          `After an appointment on ${appointment}, the card should arrive by ${expected}.`,
      },
      late: (district) =>
        `Your card is late, so we cannot say if it will come before you travel. Contact ${district} before you travel.`,
      waitingAtPolice: 'Your card is waiting for you at the police. Collect it before you travel.',
    },
    planner: {
      title: 'When can I expect my card?',
      intro: (days) =>
        `The card comes by post about ${days} after the police take your photo and fingerprints. Enter the date of your appointment to see when the card can be expected. Add the date you travel to see if the card comes first.`,
      back: 'Look up your card',
    },
    footer: [
      'Questions about your card? Contact your police district. The phone number of the police is 02800.',
    ],
  },
  console: consoleEn,
};
