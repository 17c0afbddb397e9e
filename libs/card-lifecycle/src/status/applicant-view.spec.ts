import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '../calendar/working-day-calendar';
import { createCardDecider } from '../card.decide';
import type { CardEvent, PoliceDistrict } from '../card.events';
import type { CardStatus } from '../card.state';
import { defaultDeadlinePolicy } from '../deadlines/deadline-policy';
import { MESSAGE_LANGUAGES, type MessageLanguage } from '../notifications/human-dates';
import { ADDRESS_ADVICE } from '../notifications/texts';
import {
  addressChanged,
  addressConfirmed,
  anOpening,
  appointmentBooked,
  appointmentMissed,
  at,
  biometricsCaptured,
  cardCancelled,
  cardDelivered,
  cardLostInMail,
  cardMailed,
  cardOrdered,
  cardProduced,
  cardReportedLost,
  cardReturned,
  deadlineBreached,
  reissueOrdered,
} from '../testing/builders';
import { applicantView } from './applicant-view';

const zone = 'Europe/Oslo';
const calendar = createWorkingDayCalendar();
const decider = createCardDecider({ calendar, policy: defaultDeadlinePolicy, zone });
const opening = anOpening({
  dateOfBirth: '1990-06-15',
  address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
});

function view(
  events: CardEvent[],
  now: string,
  language: MessageLanguage = 'en',
  policeDistrict: PoliceDistrict = 'oslo',
) {
  return applicantView({
    reference: 'CT-7KQ2-M9XD',
    state: decider.fold(opening, events),
    policeDistrict,
    language,
    now: at(now),
    zone,
    calendar,
    issueWorkingDays: 20,
  });
}

// Appointment Monday 14 April 2025, biometrics then: due Friday 16 May 2025.
const booked = [
  appointmentBooked({ occurredAt: '2025-04-01T00:30:00+02:00', appointmentAt: at('2025-04-14T09:30:00+02:00') }),
];
const captured = [...booked, biometricsCaptured({ occurredAt: '2025-04-14T09:45:00+02:00' })];
const ordered = [...captured, cardOrdered({ occurredAt: '2025-04-15T10:00:00+02:00' })];
const produced = [...ordered, cardProduced({ occurredAt: '2025-04-25T10:00:00+02:00' })];
const mailed = [...produced, cardMailed({ occurredAt: '2025-04-28T10:00:00+02:00' })];
const delivered = [...mailed, cardDelivered({ occurredAt: '2025-04-30T10:00:00+02:00' })];
const returned = [...mailed, cardReturned({ occurredAt: '2025-04-30T10:00:00+02:00' })];
// Lost on Monday 5 May: reissue due 10 working days later, Monday 19 May.
const lost = [...mailed, cardLostInMail({ occurredAt: '2025-05-05T10:00:00+02:00' })];
const reissued = [...lost, reissueOrdered({ occurredAt: '2025-05-05T10:01:00+02:00' })];
const replacement = [...delivered, cardReportedLost({ occurredAt: '2025-06-02T10:00:00+02:00' })];
const cancelled = [...booked, cardCancelled({ occurredAt: '2025-04-05T10:00:00+02:00' })];

const WEDNESDAY = '2025-05-14T12:00:00+02:00';

const CASES: Array<[CardStatus, CardEvent[], string, string | null, number | null]> = [
  ['awaiting_appointment', [], WEDNESDAY, null, null],
  // An estimate from the appointment: 25 working days from Monday 7 April to 16 May.
  ['appointment_booked', booked, '2025-04-07T12:00:00+02:00', '2025-05-16', 25],
  ['biometrics_captured', captured, WEDNESDAY, '2025-05-16', 2],
  ['ordered', ordered, WEDNESDAY, '2025-05-16', 2],
  ['produced', produced, WEDNESDAY, '2025-05-16', 2],
  ['mailed', mailed, WEDNESDAY, '2025-05-16', 2],
  ['delivered', delivered, WEDNESDAY, null, null],
  ['returned', returned, WEDNESDAY, '2025-05-16', 2],
  ['lost_in_mail', lost, WEDNESDAY, '2025-05-19', 3],
  ['reissue_ordered', reissued, WEDNESDAY, '2025-05-19', 3],
  ['replacement_requested', replacement, WEDNESDAY, null, null],
  ['cancelled', cancelled, WEDNESDAY, null, null],
];

describe('the applicant view of each status', () => {
  it('covers all 12 statuses', () => {
    expect(new Set(CASES.map(([status]) => status)).size).toBe(12);
  });

  describe.each(CASES)('%s', (status, events, now, expectedBy, daysLeft) => {
    it.each(MESSAGE_LANGUAGES)('in %s', (language) => {
      const v = view(events, now, language);
      expect(v).toMatchObject({
        reference: 'CT-7KQ2-M9XD',
        status,
        expectedBy,
        overdue: false,
        workingDaysLeft: daysLeft,
      });
      expect(v.message.length).toBeGreaterThan(20);
      expect(v.nextSteps.length).toBeGreaterThanOrEqual(1);
      expect(v.nextSteps.length).toBeLessThanOrEqual(3);
      for (const step of v.nextSteps) expect(step).toMatch(/^\S.{10,}[.]$/);
      expect(v.addressCheck.advice).toBe(ADDRESS_ADVICE[language]);
      expect(v.policeDistrict).toEqual({
        slug: 'oslo',
        name: language === 'en' ? 'Oslo police district' : 'Oslo politidistrikt',
      });
    });

    it('says it differently in English, bokmål and nynorsk, with no personal data', () => {
      const en = view(events, now, 'en');
      const nb = view(events, now, 'nb');
      const nn = view(events, now, 'nn');
      expect(nb.message).not.toBe(en.message);
      // Some sentences are the same in both written forms; the whole text never is.
      expect([nn.message, ...nn.nextSteps].join(' ')).not.toBe([nb.message, ...nb.nextSteps].join(' '));
      for (const v of [en, nb, nn]) {
        const json = JSON.stringify(v);
        expect(json).not.toContain('Storgata');
        expect(json).not.toContain('0155');
        expect(json).not.toContain('1990-06-15');
        expect(Object.keys(v).sort()).toEqual(
          [
            'addressCheck',
            'expectedBy',
            'message',
            'nextSteps',
            'overdue',
            'policeDistrict',
            'reference',
            'status',
            'timeline',
            'workingDaysLeft',
          ].sort(),
        );
      }
    });
  });
});

describe('messages', () => {
  it('tells the applicant to collect a returned card from the district', () => {
    expect(view(returned, WEDNESDAY, 'en', 'troms').message).toBe(
      'Your card was returned to the police. Contact Troms police district to collect it.',
    );
    expect(view(returned, WEDNESDAY, 'nb', 'troms').message).toBe(
      'Kortet ditt er sendt tilbake til politiet. Ta kontakt med Troms politidistrikt for å hente det.',
    );
  });

  it('gives the appointment time and an estimate while an appointment is booked', () => {
    const en = view(booked, '2025-04-07T12:00:00+02:00', 'en');
    expect(en.message).toContain('on Monday 14 April 2025 at 09:30');
    expect(en.message).toContain('should arrive by about Friday 16 May 2025');
    expect(view(booked, '2025-04-07T12:00:00+02:00', 'nb').message).toContain('mandag 14. april 2025 kl. 09:30');
  });

  it('says when a card on its way should arrive', () => {
    expect(view(mailed, WEDNESDAY, 'en').message).toBe(
      'Your card has been sent to you by post. The card should arrive by Friday 16 May 2025.',
    );
    expect(view(mailed, WEDNESDAY, 'nb').message).toBe(
      'Kortet ditt er sendt til deg i posten. Kortet skal være fremme innen fredag 16. mai 2025.',
    );
  });

  it('states the replacement fee, or that there is none for a defective card', () => {
    expect(view(replacement, WEDNESDAY, 'en').nextSteps).toContain('The fee for the replacement card is 300 NOK.');
    expect(view(replacement, WEDNESDAY, 'nb').nextSteps).toContain('Gebyret for det nye kortet er 300 kroner.');
    const defective = [...delivered, cardReportedLost({ occurredAt: '2025-06-02T10:00:00+02:00', circumstance: 'defective' })];
    expect(view(defective, WEDNESDAY, 'en').nextSteps).toContain('There is no fee for this replacement card.');
  });
});

describe('nynorsk', () => {
  it('writes nynorsk, not bokmål with a few words changed', () => {
    expect(view(mailed, WEDNESDAY, 'nn').message).toBe(
      'Kortet ditt er sendt til deg i posten. Kortet skal vere framme innan fredag 16. mai 2025.',
    );
    expect(view(booked, '2025-04-07T12:00:00+02:00', 'nn').message).toContain('måndag 14. april 2025 kl. 09:30');
    expect(view(replacement, WEDNESDAY, 'nn').nextSteps).toContain('Gebyret for det nye kortet er 300 kroner.');
    expect(view(mailed, '2025-05-19T12:00:00+02:00', 'nn').message).toContain(
      'Kortet skulle ha vore framme innan fredag 16. mai 2025 og er forseinka.',
    );
    for (const [, events, now] of CASES) {
      const v = view(events, now, 'nn');
      // Words only bokmål writes this way.
      expect([v.message, ...v.nextSteps, v.addressCheck.advice].join(' ')).not.toMatch(
        /\b(ikke|navnet|hvis|bilde|innen|være|fremme|ble|trenger|postkassen|riktig|opprettet|avsluttet|saken)\b/i,
      );
    }
  });
});

describe('a missed appointment', () => {
  it('says the appointment was missed and a new one must be booked', () => {
    const missed = [...booked, appointmentMissed({ occurredAt: '2025-04-14T12:00:00+02:00' })];
    const en = view(missed, WEDNESDAY, 'en');
    expect(en.status).toBe('awaiting_appointment');
    expect(en.message).toBe(
      'You did not come to your appointment. You need to book a new appointment with the police to take your photo and fingerprints.',
    );
    expect(en.nextSteps[0]).toBe('Book an appointment in the Application Portal, or call Oslo police district.');
    expect(view(missed, WEDNESDAY, 'nb').message).toContain('Du kom ikke til timen din.');
    expect(view(missed, WEDNESDAY, 'nn').message).toContain('Du kom ikkje til timen din.');
    expect(view([], WEDNESDAY, 'en').message).toContain('Your residence card case is open.');
  });
});

describe('overdue', () => {
  it('is overdue once the due date has ended, even before the worker records the breach', () => {
    const v = view(mailed, '2025-05-19T12:00:00+02:00', 'en');
    expect(v).toMatchObject({ overdue: true, expectedBy: '2025-05-16', workingDaysLeft: -1 });
    expect(v.message).toContain('The card should have arrived by Friday 16 May 2025 and is late.');
    expect(v.nextSteps[0]).toBe('Contact Oslo police district if you have questions about the delay.');
    expect(v.nextSteps.length).toBeLessThanOrEqual(3);
    expect(view(mailed, '2025-05-19T12:00:00+02:00', 'nb').message).toContain(
      'Kortet skulle ha vært fremme innen fredag 16. mai 2025 og er forsinket.',
    );
  });

  it('is not overdue on the due date itself, up to midnight', () => {
    expect(view(mailed, '2025-05-16T23:59:00+02:00')).toMatchObject({ overdue: false, workingDaysLeft: 0 });
  });

  it('is overdue when the breach is recorded', () => {
    const breached = [...mailed, deadlineBreached({ occurredAt: '2025-05-16T22:00:00Z', deadline: 'issue', dueDate: '2025-05-16' })];
    expect(view(breached, '2025-05-17T10:00:00+02:00')).toMatchObject({ overdue: true, expectedBy: '2025-05-16' });
  });

  it('is over once a late card is delivered or collected', () => {
    const late = [...mailed, cardDelivered({ occurredAt: '2025-05-20T10:00:00+02:00' })];
    expect(view(late, '2025-05-21T10:00:00+02:00')).toMatchObject({ overdue: false, expectedBy: null });
  });

  it('never applies to the estimate from a booked appointment', () => {
    expect(view(booked, '2025-05-20T10:00:00+02:00')).toMatchObject({ overdue: false, expectedBy: '2025-05-16' });
  });

  it('follows the reissue deadline after a loss in the mail', () => {
    expect(view(reissued, '2025-05-20T10:00:00+02:00')).toMatchObject({ overdue: true, expectedBy: '2025-05-19' });
  });
});

describe('address check', () => {
  it('is confirmed by a confirmation after the order', () => {
    const v = view([...ordered, addressConfirmed({ occurredAt: '2025-04-16T10:00:00+02:00' })], WEDNESDAY);
    expect(v.addressCheck.confirmed).toBe(true);
  });

  it('is not confirmed by a confirmation before the order', () => {
    const events = [...booked, addressConfirmed({ occurredAt: '2025-04-02T10:00:00+02:00' }), ...ordered.slice(1)];
    expect(view(events, WEDNESDAY).addressCheck.confirmed).toBe(false);
  });

  it('is confirmed before any order, and unconfirmed again by a change of address', () => {
    const confirmed = [...booked, addressConfirmed({ occurredAt: '2025-04-02T10:00:00+02:00' })];
    expect(view(confirmed, WEDNESDAY).addressCheck.confirmed).toBe(true);
    const changed = [...confirmed, addressChanged({ occurredAt: '2025-04-03T10:00:00+02:00' })];
    expect(view(changed, WEDNESDAY).addressCheck.confirmed).toBe(false);
  });
});

describe('timeline', () => {
  it('lists each status with its Oslo date, oldest first', () => {
    // Booked at 00:30 Oslo on 1 April, which is still 31 March in UTC.
    expect(view(returned, WEDNESDAY).timeline).toEqual([
      { status: 'appointment_booked', date: '2025-04-01' },
      { status: 'biometrics_captured', date: '2025-04-14' },
      { status: 'ordered', date: '2025-04-15' },
      { status: 'produced', date: '2025-04-25' },
      { status: 'mailed', date: '2025-04-28' },
      { status: 'returned', date: '2025-04-30' },
    ]);
  });
});
