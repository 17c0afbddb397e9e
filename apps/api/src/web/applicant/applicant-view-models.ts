import {
  checkDeparture,
  expectedCardDate,
  formatHumanDate,
  type ApplicantView,
  type CardStatus,
  type IsoDate,
  type MessageLanguage,
  type WorkingDayCalendar,
} from '@cardtrail/card-lifecycle';
import { MESSAGES, type ApplicantMessages, type CommonMessages, type TravelMessages } from '../i18n';
import { latestPlannableDate, parseDateInput } from '../http/form';
import type { AlertColor, FieldError, InputFieldModel } from '../templates/components';
import type { LayoutModel } from '../templates/layout';
import { APPLICANT_PATHS } from './applicant-site';

/**
 * The applicant's pages as view models: every decision (which words, which state, which date,
 * which colour) is taken here, from the library's applicant view and calendar; the templates
 * only render what these return.
 */

export interface FormModel {
  action: string;
  csrf: { name: string; token: string };
}

// ---------------------------------------------------------------------------------------------
// The look-up page

export interface LookupPageModel {
  layout: LayoutModel;
  title: string;
  intro: string;
  youNeed: string;
  needs: string[];
  notice: string | null;
  errorSummary: { heading: string; errors: FieldError[] };
  form: FormModel & { fields: InputFieldModel[]; submit: string };
  privacy: string;
  travelLink: { href: string; text: string };
}

export interface LookupInput {
  reference?: string;
  errors?: { reference?: string; dufNumber?: string; form?: string };
  notice?: string | null;
}

export const LOOKUP_FIELD_IDS = { reference: 'reference', dufNumber: 'duf-number' } as const;

export function lookupPage(layout: LayoutModel, language: MessageLanguage, csrf: FormModel['csrf'], input: LookupInput): LookupPageModel {
  const words = MESSAGES[language].applicant.lookup;
  const errors = input.errors ?? {};
  const summary: FieldError[] = [];
  if (errors.form) summary.push({ field: LOOKUP_FIELD_IDS.reference, message: errors.form });
  if (errors.reference) summary.push({ field: LOOKUP_FIELD_IDS.reference, message: errors.reference });
  if (errors.dufNumber) summary.push({ field: LOOKUP_FIELD_IDS.dufNumber, message: errors.dufNumber });
  return {
    layout,
    title: words.title,
    intro: words.intro,
    youNeed: words.youNeed,
    needs: [words.needReference, words.needDuf],
    notice: input.notice ?? null,
    errorSummary: { heading: layout.common.errorSummaryHeading, errors: summary },
    form: {
      action: APPLICANT_PATHS.lookup,
      csrf,
      submit: words.submit,
      fields: [
        {
          id: LOOKUP_FIELD_IDS.reference,
          name: 'reference',
          label: words.referenceLabel,
          hint: words.referenceHint,
          value: input.reference ?? '',
          error: errors.reference,
          input: { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 40, required: true },
        },
        {
          id: LOOKUP_FIELD_IDS.dufNumber,
          name: 'dufNumber',
          label: words.dufLabel,
          hint: words.dufHint,
          // Never sent back: the DUF number is typed again after any problem.
          value: '',
          error: errors.dufNumber,
          input: { autocomplete: 'off', inputmode: 'numeric', spellcheck: 'false', maxlength: 40, required: true },
        },
      ],
    },
    privacy: words.privacy,
    travelLink: { href: APPLICANT_PATHS.travel, text: words.travelLink },
  };
}

// ---------------------------------------------------------------------------------------------
// Too many tries

export interface TooManyTriesModel {
  layout: LayoutModel;
  title: string;
  body: string;
  tryAgain: string;
  back: { href: string; text: string };
}

export function tooManyTriesPage(layout: LayoutModel, language: MessageLanguage, retryAt: Date, retryAfterSeconds: number, zone: string): TooManyTriesModel {
  const messages = MESSAGES[language];
  const words = messages.applicant.tooManyTries;
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return {
    layout,
    title: words.title,
    body: words.body,
    tryAgain: words.tryAgainAt(messages.common.timeOfDay(clockTime(retryAt, zone)), messages.common.minutes(minutes)),
    back: { href: APPLICANT_PATHS.lookup, text: words.back },
  };
}

/** "14:32" on the business zone's wall clock. */
export function clockTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

// ---------------------------------------------------------------------------------------------
// The status page

export interface StepModel {
  name: string;
  /** Human date and its ISO form for `<time>`, for steps that happened or are expected. */
  date: { text: string; iso: IsoDate } | null;
  state: 'done' | 'current' | 'upcoming';
  /** "Done:", "Now:", "Next:" for screen readers. */
  stateText: string;
}

export interface FactModel {
  term: string;
  value: string;
  iso: IsoDate | null;
  detail: string | null;
}

export interface TravelSectionModel {
  id: string;
  heading: string;
  intro: string | null;
  /** Instead of the form: why there is nothing to plan (the card is late, or waiting at the police). */
  message: string | null;
  form: (Omit<FormModel, 'csrf'> & { fields: InputFieldModel[]; submit: string }) | null;
  result: { id: string; color: AlertColor; heading: string; paragraphs: string[] } | null;
}

export interface StatusPageModel {
  layout: LayoutModel;
  title: string;
  reference: { label: string; value: string };
  errorSummary: { heading: string; errors: FieldError[] };
  late: { heading: string; paragraphs: string[] } | null;
  now: { heading: string; statusName: string; color: AlertColor | 'neutral'; message: string; facts: FactModel[] };
  next: { heading: string; steps: string[] };
  address: {
    id: string;
    heading: string;
    advice: string;
    moved: string;
    confirmed: string | null;
    form: (FormModel & { submit: string }) | null;
  } | null;
  steps: { heading: string; items: StepModel[] };
  travel: TravelSectionModel | null;
  end: FormModel & { heading: string; body: string; submit: string };
}

export interface StatusContext {
  language: MessageLanguage;
  view: ApplicantView;
  today: IsoDate;
  calendar: WorkingDayCalendar;
  issueWorkingDays: number;
  reissueWorkingDays: number;
  csrf: FormModel['csrf'];
  /** The travel planner's fields from the query, if it was sent. */
  travel: TravelInput;
}

export type TravelInput = {
  departure?: string;
  appointment?: string;
};

const LOST_STATUSES: readonly CardStatus[] = ['lost_in_mail', 'reissue_ordered'];
const NEEDS_APPOINTMENT: readonly CardStatus[] = ['awaiting_appointment', 'replacement_requested'];

/** Where the card goes from each status, when all goes well. `book` is "book an appointment". */
const AHEAD: Record<CardStatus, Array<CardStatus | 'book' | 'collected'>> = {
  awaiting_appointment: ['book', 'biometrics_captured', 'ordered', 'produced', 'mailed', 'delivered'],
  replacement_requested: ['book', 'biometrics_captured', 'ordered', 'produced', 'mailed', 'delivered'],
  appointment_booked: ['biometrics_captured', 'ordered', 'produced', 'mailed', 'delivered'],
  biometrics_captured: ['ordered', 'produced', 'mailed', 'delivered'],
  ordered: ['produced', 'mailed', 'delivered'],
  reissue_ordered: ['produced', 'mailed', 'delivered'],
  produced: ['mailed', 'delivered'],
  mailed: ['delivered'],
  returned: ['collected'],
  lost_in_mail: ['reissue_ordered', 'produced', 'mailed', 'delivered'],
  delivered: [],
  cancelled: [],
};

export function statusPage(layout: LayoutModel, ctx: StatusContext): StatusPageModel {
  const messages = MESSAGES[ctx.language];
  const words = messages.applicant.status;
  const { view } = ctx;
  const date = (iso: IsoDate) => ({ text: formatHumanDate(iso, ctx.language), iso });
  const district = view.policeDistrict.name;
  const estimate = view.status === 'appointment_booked';
  const travel = travelSection(ctx, messages.applicant.travel, messages.common);

  const facts: FactModel[] = [];
  // A returned card waits at the police: its due date is no arrival to look forward to.
  if (view.expectedBy !== null && view.status !== 'returned') {
    const left = view.workingDaysLeft ?? 0;
    facts.push({
      term: estimate ? words.estimateLabel : words.expectedLabel,
      value: words.by(formatHumanDate(view.expectedBy, ctx.language)),
      iso: view.expectedBy,
      detail: view.overdue
        ? words.daysLate(messages.common.workingDays(Math.max(1, -left)))
        : left <= 0
          ? words.lastDay
          : words.daysLeft(messages.common.workingDays(left)),
    });
  }
  const deliveredAt = view.status === 'delivered' ? view.timeline.at(-1)?.date : undefined;
  if (deliveredAt) facts.push({ term: words.statusNames.delivered, value: words.deliveredOn(formatHumanDate(deliveredAt, ctx.language)), iso: deliveredAt, detail: null });
  facts.push({ term: words.district, value: district, iso: null, detail: null });

  const lostInMail = LOST_STATUSES.includes(view.status);
  const showAddress = view.status !== 'delivered' && view.status !== 'cancelled';

  return {
    layout,
    title: words.title,
    reference: { label: words.reference, value: view.reference },
    errorSummary: { heading: messages.common.errorSummaryHeading, errors: travel?.form?.fields.flatMap((f) => (f.error ? [{ field: f.id, message: f.error }] : [])) ?? [] },
    late: view.overdue
      ? {
          heading: words.lateHeading,
          paragraphs: [
            words.late(messages.common.workingDays(lostInMail ? ctx.reissueWorkingDays : ctx.issueWorkingDays), lostInMail),
            words.lateNoNewApplication,
            words.lateContact(district),
          ],
        }
      : null,
    now: {
      heading: words.nowHeading,
      statusName: words.statusNames[view.status],
      color:
        view.status === 'delivered'
          ? 'success'
          : view.overdue || view.status === 'returned' || view.status === 'lost_in_mail'
            ? 'warning'
            : view.status === 'cancelled'
              ? 'neutral'
              : 'info',
      message: view.message,
      facts,
    },
    next: { heading: words.nextHeading, steps: nextSteps(view, showAddress, words.addressStep) },
    address: showAddress
      ? {
          id: 'address',
          heading: words.addressHeading,
          advice: view.addressCheck.advice,
          moved: words.addressMoved,
          confirmed: view.addressCheck.confirmed ? words.addressConfirmed : null,
          form: view.addressCheck.confirmed ? null : { action: APPLICANT_PATHS.confirmAddress, csrf: ctx.csrf, submit: words.addressButton },
        }
      : null,
    steps: { heading: words.stepsHeading, items: steps(view, words, date) },
    travel,
    end: { action: APPLICANT_PATHS.end, csrf: ctx.csrf, heading: words.endHeading, body: words.endBody, submit: words.endButton },
  };
}

/**
 * The library's next steps; where one is the address advice and the page has its address
 * section, a pointer to that section instead (or nothing once the address is confirmed), so the
 * advice is not read twice.
 */
function nextSteps(view: ApplicantView, addressSection: boolean, pointer: string): string[] {
  if (!addressSection) return view.nextSteps;
  return view.nextSteps.flatMap((step) => (step !== view.addressCheck.advice ? [step] : view.addressCheck.confirmed ? [] : [pointer]));
}

function steps(
  view: ApplicantView,
  words: ApplicantMessages['status'],
  date: (iso: IsoDate) => { text: string; iso: IsoDate },
): StepModel[] {
  const items: StepModel[] = [];
  view.timeline.forEach((entry, index) => {
    const previous = view.timeline[index - 1];
    const name =
      entry.status === 'awaiting_appointment'
        ? words.stepMissed
        : entry.status === 'delivered' && previous?.status === 'returned'
          ? words.stepCollected
          : words.stepNames[entry.status];
    items.push({ name, date: date(entry.date), state: 'done', stateText: words.stepDone });
  });
  const waitingForAction = NEEDS_APPOINTMENT.includes(view.status);
  const last = items.at(-1);
  if (last && !waitingForAction && view.status !== 'delivered') Object.assign(last, { state: 'current', stateText: words.stepNow });

  const ahead = AHEAD[view.status];
  ahead.forEach((step, index) => {
    const isLast = index === ahead.length - 1;
    const expected = isLast && view.expectedBy !== null && !view.overdue && view.status !== 'returned' ? date(view.expectedBy) : null;
    items.push({
      name: step === 'book' ? words.stepNames.awaiting_appointment : step === 'collected' ? words.stepCollected : words.stepNames[step],
      date: expected ? { text: words.stepExpected(expected.text), iso: expected.iso } : null,
      state: index === 0 && waitingForAction ? 'current' : 'upcoming',
      stateText: index === 0 && waitingForAction ? words.stepNow : words.stepNext,
    });
  });
  return items;
}

// ---------------------------------------------------------------------------------------------
// The travel planner (on the status page, and alone at /travel)

export const TRAVEL_FIELD_IDS = { departure: 'departure', appointment: 'appointment' } as const;

interface PlannerInput {
  language: MessageLanguage;
  today: IsoDate;
  calendar: WorkingDayCalendar;
  issueWorkingDays: number;
  travel: TravelInput;
  /** The card's expected date when known (a due date or an estimate); null asks for an appointment date. */
  expectedBy: IsoDate | null;
  estimate: boolean;
  district: string | null;
  action: string;
  /** The section's id, and the result's. */
  id: string;
}

function travelSection(ctx: StatusContext, words: TravelMessages, common: CommonMessages): TravelSectionModel | null {
  const { view } = ctx;
  if (view.status === 'delivered' || view.status === 'cancelled') return null;
  const base = { id: 'travel', heading: words.heading, intro: null, form: null, result: null };
  if (view.status === 'returned') return { ...base, message: words.waitingAtPolice };
  if (view.overdue) return { ...base, message: words.late(view.policeDistrict.name) };
  return planner(
    {
      language: ctx.language,
      today: ctx.today,
      calendar: ctx.calendar,
      issueWorkingDays: ctx.issueWorkingDays,
      travel: ctx.travel,
      expectedBy: view.expectedBy,
      estimate: view.status === 'appointment_booked',
      district: view.policeDistrict.name,
      action: `${APPLICANT_PATHS.card}#travel-result`,
      id: 'travel',
    },
    words,
    common,
  );
}

/** The planner's form and, when its fields were sent and are valid, its answer. */
export function planner(input: PlannerInput, words: TravelMessages, common: CommonMessages): TravelSectionModel {
  const askAppointment = input.expectedBy === null;
  const sent = input.travel.departure !== undefined || input.travel.appointment !== undefined;
  const latest = latestPlannableDate(input.today);
  const errors: { departure?: string; appointment?: string } = {};

  const readDate = (key: 'departure' | 'appointment', missing: string, past: string): IsoDate | undefined => {
    const text = input.travel[key]?.trim() ?? '';
    const date = text === '' ? null : parseDateInput(text);
    if (text === '') errors[key] = missing;
    else if (date === null) errors[key] = words.errors.notADate;
    else if (date < input.today) errors[key] = past;
    else if (date > latest) errors[key] = words.errors.tooFar;
    else return date;
    return undefined;
  };

  let appointment: IsoDate | undefined;
  let departure: IsoDate | undefined;
  if (sent) {
    if (askAppointment) appointment = readDate('appointment', words.errors.appointmentMissing, words.errors.appointmentPast);
    departure = readDate('departure', words.errors.departureMissing, words.errors.departurePast);
  }

  /** A date from today up to the latest date the planner works with. */
  const dateField = (name: 'appointment' | 'departure', label: string, hint: string): InputFieldModel => ({
    id: TRAVEL_FIELD_IDS[name],
    name,
    type: 'date',
    label,
    hint,
    value: input.travel[name] ?? '',
    error: errors[name],
    input: { min: input.today, max: latest, required: true },
  });
  const fields: InputFieldModel[] = [];
  if (askAppointment) fields.push(dateField('appointment', words.appointmentLabel, words.appointmentHint));
  fields.push(dateField('departure', words.departureLabel, words.departureHint));

  let result: TravelSectionModel['result'] = null;
  if (sent && departure !== undefined && (!askAppointment || appointment !== undefined)) {
    const expected = askAppointment
      ? expectedCardDate({ appointmentDate: appointment!, calendar: input.calendar, issueWorkingDays: input.issueWorkingDays }).expectedDate
      : input.expectedBy!;
    const check = checkDeparture(expected, departure, input.calendar);
    const human = (iso: IsoDate) => formatHumanDate(iso, input.language);
    const paragraphs: string[] = [];
    if (askAppointment) paragraphs.push(words.result.fromAppointment(human(appointment!), human(expected)));
    let color: AlertColor;
    let heading: string;
    if (!check.arrivesBeforeDeparture) {
      color = 'danger';
      heading = words.result.afterHeading;
      paragraphs.push(words.result.after(human(expected), human(departure)));
      if (input.district) paragraphs.push(words.result.afterAdvice(input.district));
    } else if (check.workingDaysToSpare === 0) {
      color = 'warning';
      heading = words.result.tightHeading;
      paragraphs.push(words.result.noneToSpare(human(expected), human(departure)));
    } else if (check.workingDaysToSpare === 1) {
      color = 'warning';
      heading = words.result.tightHeading;
      paragraphs.push(words.result.tight(human(expected), common.workingDays(1), human(departure)));
    } else {
      color = 'success';
      heading = words.result.beforeHeading;
      paragraphs.push(words.result.before(human(expected), common.workingDays(check.workingDaysToSpare), human(departure)));
    }
    if (askAppointment || input.estimate) paragraphs.push(words.result.estimateNote(common.workingDays(input.issueWorkingDays)));
    result = { id: `${input.id}-result`, color, heading, paragraphs };
  }

  return {
    id: input.id,
    heading: words.heading,
    intro: words.intro,
    message: null,
    form: { action: input.action, fields, submit: words.submit },
    result,
  };
}

// ---------------------------------------------------------------------------------------------
// The planner alone, before any lookup

export interface PlannerPageModel {
  layout: LayoutModel;
  title: string;
  intro: string;
  errorSummary: { heading: string; errors: FieldError[] };
  planner: TravelSectionModel;
  back: { href: string; text: string };
}

export function plannerPage(
  layout: LayoutModel,
  input: { language: MessageLanguage; today: IsoDate; calendar: WorkingDayCalendar; issueWorkingDays: number; travel: TravelInput },
): PlannerPageModel {
  const messages = MESSAGES[input.language];
  const words = messages.applicant.planner;
  const section = planner(
    { ...input, expectedBy: null, estimate: true, district: null, action: `${APPLICANT_PATHS.travel}#planner-result`, id: 'planner' },
    messages.applicant.travel,
    messages.common,
  );
  return {
    layout,
    title: words.title,
    intro: words.intro(messages.common.workingDays(input.issueWorkingDays)),
    errorSummary: {
      heading: messages.common.errorSummaryHeading,
      errors: section.form?.fields.flatMap((f) => (f.error ? [{ field: f.id, message: f.error }] : [])) ?? [],
    },
    planner: section,
    back: { href: APPLICANT_PATHS.lookup, text: words.back },
  };
}
