import {
  DISTRICT_NAMES,
  POLICE_DISTRICTS,
  workingDaysLeft,
  type MessageLanguage,
  type PoliceDistrict,
  type WorkingDayCalendar,
} from '@cardtrail/card-lifecycle';
import type { CardRecord, OverviewLists } from '@cardtrail/infra';
import type { Messages } from '../i18n';
import type { FieldError, InputFieldModel } from '../templates/components';
import { html, type Html } from '../templates/html';
import type { LayoutModel } from '../templates/layout';
import { link, time, type SelectModel, type TableModel } from './console-components';
import { compactInstant, humanDate } from './console-formats';
import type { OverviewSection } from './i18n/console-messages';
import { CONSOLE_PATHS } from './console-site';

export interface SearchFormModel {
  action: string;
  csrf: { name: string; token: string };
  heading: string;
  field: InputFieldModel;
  submit: string;
}

export interface OverviewSectionModel {
  id: OverviewSection;
  heading: string;
  count: number;
  table: TableModel | null;
  empty: string;
  more: string | null;
}

export interface OverviewPageModel {
  layout: LayoutModel;
  title: string;
  showing: string;
  errorSummary: { heading: string; errors: FieldError[] };
  /** Admins choose a district (a GET form: a district is not personal data). */
  districtForm: { action: string; select: SelectModel; submit: string } | null;
  search: SearchFormModel;
  /** Search results or "no match", shown above the lists. */
  found: { heading: string; text: string; table: TableModel | null } | null;
  glance: { label: string; items: Array<{ href: string; text: string; count: number; warning: boolean }> };
  sections: OverviewSectionModel[];
}

export interface OverviewInput {
  language: MessageLanguage;
  messages: Messages;
  /** The district shown, or null for all (admins). */
  district: PoliceDistrict | null;
  isAdmin: boolean;
  lists: OverviewLists;
  limit: number;
  now: Date;
  zone: string;
  calendar: WorkingDayCalendar;
  search: {
    csrf: { name: string; token: string };
    value?: string;
    error?: string;
    found?: CardRecord[] | null;
  };
}

export function districtName(district: string, language: MessageLanguage): string {
  return (DISTRICT_NAMES as Record<string, Record<MessageLanguage, string>>)[district]?.[language] ?? district;
}

function referenceLink(card: CardRecord): Html {
  return link(CONSOLE_PATHS.card(card.id), card.reference);
}

/** When the card entered its current status: the last step of its timeline. */
function since(card: CardRecord): Date {
  const last = card.state.timeline[card.state.timeline.length - 1];
  return last?.at ?? card.updatedAt;
}

/** The overview: every list with its count, and the words around it. Decides; the template renders. */
export function overviewPage(layout: LayoutModel, input: OverviewInput): OverviewPageModel {
  const { messages, language, lists, zone } = input;
  const words = messages.console;
  const cols = words.overview.columns;
  const withDistrict = input.district === null;
  const status = (card: CardRecord): string => words.statusNames[card.state.status];
  const where = input.district === null ? words.overview.allDistricts : districtName(input.district, language);
  const due = (card: CardRecord): Html =>
    card.state.deadline ? time(card.state.deadline.dueDate, humanDate(card.state.deadline.dueDate, language)) : html``;
  const left = (card: CardRecord): number =>
    card.state.deadline ? workingDaysLeft(card.state.deadline.dueDate, input.now, input.calendar, zone) : 0;
  const lateText = (card: CardRecord): string => words.days.late(messages.common.workingDays(Math.max(1, -left(card))));
  const leftText = (card: CardRecord): string => {
    const n = left(card);
    return n === 0 ? words.days.dueToday : words.days.left(messages.common.workingDays(n));
  };
  const districtCell = (card: CardRecord): Html[] => (withDistrict ? [html`${districtName(card.policeDistrict, language)}`] : []);
  const districtCol = withDistrict ? [cols.district] : [];
  const at = (d: Date): Html => time(d.toISOString(), compactInstant(d, zone));

  const builders: Record<OverviewSection, { columns: string[]; row: (card: CardRecord) => Html[] }> = {
    overdue: {
      columns: [cols.reference, cols.applicant, ...districtCol, cols.status, cols.dueDate, cols.late],
      row: (c) => [referenceLink(c), html`${c.applicant.fullName}`, ...districtCell(c), html`${status(c)}`, due(c), html`<strong>${lateText(c)}</strong>`],
    },
    dueSoon: {
      columns: [cols.reference, cols.applicant, ...districtCol, cols.status, cols.dueDate, cols.left],
      row: (c) => [referenceLink(c), html`${c.applicant.fullName}`, ...districtCell(c), html`${status(c)}`, due(c), html`${leftText(c)}`],
    },
    returned: {
      columns: [cols.reference, cols.applicant, ...districtCol, cols.since],
      row: (c) => [referenceLink(c), html`${c.applicant.fullName}`, ...districtCell(c), at(since(c))],
    },
    lostInMail: {
      columns: [cols.reference, cols.applicant, ...districtCol, cols.since],
      row: (c) => [referenceLink(c), html`${c.applicant.fullName}`, ...districtCell(c), at(since(c))],
    },
    appointments: {
      columns: [cols.reference, cols.applicant, ...districtCol, cols.appointment, cols.station],
      row: (c) => [
        referenceLink(c),
        html`${c.applicant.fullName}`,
        ...districtCell(c),
        c.state.appointment ? at(c.state.appointment.at) : html``,
        html`${c.state.appointment?.station ?? ''}`,
      ],
    },
  };

  const order: OverviewSection[] = ['overdue', 'dueSoon', 'returned', 'lostInMail', 'appointments'];
  const sections = order.map((id): OverviewSectionModel => {
    const cards = lists[id];
    const count = lists.counts[id];
    const section = words.overview.sections[id];
    return {
      id,
      heading: section.heading,
      count,
      empty: section.empty,
      table:
        cards.length === 0
          ? null
          : { caption: section.heading, captionHidden: true, columns: builders[id].columns, rows: cards.map(builders[id].row) },
      more: count > cards.length ? words.overview.showingFirst(cards.length, count) : null,
    };
  });

  const search = input.search;
  let found: OverviewPageModel['found'] = null;
  if (search.found !== undefined && search.found !== null) {
    found =
      search.found.length === 0
        ? { heading: words.search.resultsTitle, text: words.search.noMatch(where), table: null }
        : {
            heading: words.search.resultsTitle,
            text: words.search.results(search.found.length),
            table: {
              caption: words.search.resultsTitle,
              captionHidden: true,
              columns: [cols.reference, cols.applicant, cols.district, cols.status],
              rows: search.found.map((c) => [referenceLink(c), html`${c.applicant.fullName}`, html`${districtName(c.policeDistrict, language)}`, html`${status(c)}`]),
            },
          };
  }

  return {
    layout,
    title: words.overview.title,
    showing: words.overview.showing(where),
    errorSummary: { heading: messages.common.errorSummaryHeading, errors: search.error ? [{ field: 'q', message: search.error }] : [] },
    districtForm: input.isAdmin
      ? {
          action: CONSOLE_PATHS.overview,
          submit: words.overview.showDistrict,
          select: {
            id: 'district',
            name: 'district',
            label: words.overview.districtLabel,
            value: input.district ?? 'all',
            options: [
              { value: 'all', label: words.overview.allDistricts },
              ...POLICE_DISTRICTS.map((d) => ({ value: d, label: districtName(d, language) })),
            ],
          },
        }
      : null,
    search: {
      action: CONSOLE_PATHS.search,
      csrf: search.csrf,
      heading: words.search.heading,
      submit: words.search.submit,
      field: {
        id: 'q',
        name: 'q',
        label: words.search.label,
        hint: words.search.hint,
        value: search.value ?? '',
        error: search.error,
        input: { autocomplete: 'off', spellcheck: 'false', maxlength: 40 },
      },
    },
    found,
    glance: {
      label: words.overview.glanceLabel,
      items: sections.map((s) => ({ href: `#${s.id}`, text: s.heading, count: s.count, warning: s.id === 'overdue' && s.count > 0 })),
    },
    sections,
  };
}
