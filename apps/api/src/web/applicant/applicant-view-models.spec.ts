import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar, type ApplicantView } from '@cardtrail/card-lifecycle';
import type { LayoutModel } from '../templates/layout';
import { MESSAGES } from '../i18n';
import { statusPage, type StatusContext } from './applicant-view-models';

const calendar = createWorkingDayCalendar();
const layout = { common: MESSAGES.en.common } as LayoutModel;

function view(overrides: Partial<ApplicantView>): ApplicantView {
  return {
    reference: 'CT-7K3Q-M9XD-2HFA',
    status: 'mailed',
    message: 'Your card has been sent to you by post.',
    nextSteps: ['Check your letter box.'],
    expectedBy: '2026-01-16',
    overdue: false,
    workingDaysLeft: 8,
    timeline: [],
    addressCheck: { confirmed: false, advice: 'ADVICE' },
    policeDistrict: { slug: 'oslo', name: 'Oslo police district' },
    ...overrides,
  };
}

function page(v: ApplicantView, travel: StatusContext['travel'] = {}) {
  return statusPage(layout, {
    language: 'en',
    view: v,
    today: '2026-01-06',
    calendar,
    issueWorkingDays: 20,
    reissueWorkingDays: 10,
    csrf: { name: '_csrf', token: 't' },
    travel,
  });
}

describe('the steps', () => {
  it('mark what happened as done, where the card is now, and what comes next with its expected date', () => {
    const { items } = page(
      view({
        timeline: [
          { status: 'appointment_booked', date: '2025-12-01' },
          { status: 'biometrics_captured', date: '2025-12-16' },
          { status: 'ordered', date: '2025-12-17' },
          { status: 'mailed', date: '2026-01-05' },
        ],
      }),
    ).steps;
    expect(items.map((s) => [s.stateText, s.name, s.date?.text ?? null])).toEqual([
      ['Done:', 'Appointment booked', 'Monday 1 December 2025'],
      ['Done:', 'Photo and fingerprints taken', 'Tuesday 16 December 2025'],
      ['Done:', 'Card ordered', 'Wednesday 17 December 2025'],
      ['Now:', 'Sent by post', 'Monday 5 January 2026'],
      ['Next:', 'Delivered', 'Expected by Friday 16 January 2026'],
    ]);
  });

  it('after a missed appointment, make booking a new one the step of now', () => {
    const model = page(
      view({ status: 'awaiting_appointment', expectedBy: null, workingDaysLeft: null, timeline: [
        { status: 'appointment_booked', date: '2025-12-20' },
        { status: 'awaiting_appointment', date: '2026-01-05' },
      ] }),
    );
    expect(model.steps.items.slice(0, 3).map((s) => [s.state, s.name])).toEqual([
      ['done', 'Appointment booked'],
      ['done', 'Appointment missed'],
      ['current', 'Book an appointment'],
    ]);
    expect(model.now.facts.map((f) => f.term)).toEqual(['Police district']);
  });

  it('call a delivery after a return a collection, and promise no arrival while the card waits at the police', () => {
    const returned = page(view({ status: 'returned', timeline: [{ status: 'mailed', date: '2026-01-05' }, { status: 'returned', date: '2026-01-06' }] }));
    expect(returned.steps.items.at(-1)).toMatchObject({ name: 'Collected from the police', date: null, state: 'upcoming' });
    expect(returned.now.facts.map((f) => f.term)).toEqual(['Police district']);
    expect(returned.travel).toMatchObject({ message: 'Your card is waiting for you at the police. Collect it before you travel.', form: null });
    const collected = page(
      view({ status: 'delivered', expectedBy: null, timeline: [{ status: 'returned', date: '2026-01-06' }, { status: 'delivered', date: '2026-01-07' }] }),
    );
    expect(collected.steps.items.map((s) => [s.state, s.name])).toEqual([
      ['done', 'Returned to the police'],
      ['done', 'Collected from the police'],
    ]);
    expect(collected.travel).toBeNull();
    expect(collected.address).toBeNull();
  });
});

describe('the address check', () => {
  it('points from the next steps to its section instead of repeating the advice, and drops it once confirmed', () => {
    expect(page(view({ nextSteps: ['ADVICE', 'The card comes by post.'] })).next.steps).toEqual([
      MESSAGES.en.applicant.status.addressStep,
      'The card comes by post.',
    ]);
    const confirmed = page(view({ nextSteps: ['ADVICE'], addressCheck: { confirmed: true, advice: 'ADVICE' } }));
    expect(confirmed.next.steps).toEqual([]);
    expect(confirmed.address).toMatchObject({ confirmed: MESSAGES.en.applicant.status.addressConfirmed, form: null });
  });
});

describe('the travel planner', () => {
  const result = (departure: string, v = view({})) => page(v, { departure }).travel?.result;

  it('tells the margin in working days, and how tight it is', () => {
    expect(result('2026-01-20')).toMatchObject({ color: 'success', paragraphs: [expect.stringContaining('That is 2 working days before you leave on Tuesday 20 January 2026.')] });
    expect(result('2026-01-19')).toMatchObject({ color: 'warning', paragraphs: [expect.stringContaining('only 1 working day')] });
    // Due Friday, leaving on Sunday: before, with no working day in between.
    expect(result('2026-01-18')).toMatchObject({ color: 'warning', paragraphs: [expect.stringContaining('with no working day in between')] });
    expect(result('2026-01-16')).toMatchObject({ color: 'danger', heading: 'Your card will probably not come before you travel' });
  });

  it('calls an appointment’s date an estimate, and asks for an appointment date when there is none', () => {
    expect(result('2026-03-02', view({ status: 'appointment_booked', expectedBy: '2026-02-10' }))?.paragraphs.at(-1)).toContain('This is an estimate');
    const noDate = page(view({ status: 'awaiting_appointment', expectedBy: null, workingDaysLeft: null }), { appointment: '2026-01-13', departure: '2026-03-02' });
    expect(noDate.travel?.form?.fields.map((f) => f.id)).toEqual(['appointment', 'departure']);
    expect(noDate.travel?.result?.paragraphs[0]).toBe('After an appointment on Tuesday 13 January 2026, the card should arrive by Tuesday 10 February 2026.');
  });

  it('does not plan against a late card', () => {
    expect(page(view({ overdue: true, workingDaysLeft: -3 }), { departure: '2026-03-02' }).travel).toMatchObject({
      message: expect.stringContaining('Your card is late'),
      form: null,
      result: null,
    });
  });

  it('explains a bad date in the field and in the summary', () => {
    const model = page(view({}), { departure: '2025-12-24' });
    expect(model.errorSummary.errors).toEqual([{ field: 'departure', message: 'The date you leave must be today or later.' }]);
    expect(model.travel?.result).toBeNull();
  });
});
