import {
  allowedEventsFrom,
  workingDaysLeft,
  type CardEventType,
  type CardStatus,
  type DeadlineKind,
  type MessageLanguage,
  type RecordableEventType,
  type WorkingDayCalendar,
} from '@cardtrail/card-lifecycle';
import type { CardReason } from '@cardtrail/infra';
import type { CardView } from '../../cards/card-view';
import type { HistoryEntry, NotificationView } from '../../cards/cards.service';
import type { Messages } from '../i18n';
import { html, type Html } from '../templates/html';
import type { LayoutModel } from '../templates/layout';
import { time, type TableModel } from './console-components';
import { compactInstant, humanDate } from './console-formats';
import { districtName } from './console-overview.view';
import type { ConsoleMessages } from './i18n/console-messages';
import { CONSOLE_PATHS } from './console-site';

export interface Fact {
  term: string;
  value: Html;
}

export interface CardPageModel {
  layout: LayoutModel;
  title: string;
  notice: string | null;
  status: { heading: string; facts: Fact[] };
  deadline: { heading: string; text: string | null; facts: Fact[]; overdue: boolean };
  record: { heading: string; intro: string; none: string; links: Array<{ href: string; text: string }> };
  applicant: { heading: string; facts: Fact[] };
  address: { heading: string; lines: string[]; confirmation: string };
  timeline: { heading: string; table: TableModel };
  notifications: { heading: string; empty: string; table: TableModel | null };
}

export interface CardPageInput {
  language: MessageLanguage;
  messages: Messages;
  card: CardView;
  history: HistoryEntry[];
  notifications: NotificationView[];
  /** The library's `isAddressConfirmed` for the card's state. */
  addressConfirmed: boolean;
  now: Date;
  zone: string;
  calendar: WorkingDayCalendar;
  notice: { recorded: RecordableEventType } | { opened: true } | null;
}

/** `201258697561` → `2012 5869 7561`, as people read it. */
export function groupedDuf(duf: string): string {
  return duf.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3');
}

/** The words for what an event carried (station, reason, tracking number, the new address). */
export function eventDetails(entry: { type: string; data: Record<string, unknown> }, words: ConsoleMessages, zone: string): string {
  const d = entry.data;
  const parts: string[] = [];
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const appointmentAt = str(d.appointmentAt);
  if (appointmentAt) parts.push(compactInstant(new Date(appointmentAt), zone));
  if (str(d.station)) parts.push(d.station as string);
  const channel = str(d.channel);
  if (channel && channel in words.record.channels) parts.push(words.record.channels[channel as keyof ConsoleMessages['record']['channels']]);
  const reason = str(d.reason);
  if (reason) {
    const reasons: Record<string, string> = entry.type === 'CardCancelled' ? words.record.cancelReasons : words.record.returnReasons;
    parts.push(reasons[reason] ?? reason);
  }
  const circumstance = str(d.circumstance);
  if (circumstance) parts.push((words.record.circumstances as Record<string, string>)[circumstance] ?? circumstance);
  if (str(d.trackingNumber)) parts.push(`${words.record.trackingLabel}: ${d.trackingNumber as string}`);
  if (d.guardianPresent === true) parts.push(words.record.guardianLabel);
  if (d.biometricsReused === true) parts.push(words.record.biometricsReusedLabel);
  const address = d.address as Record<string, unknown> | undefined;
  if (address && typeof address === 'object') {
    parts.push([address.line1, address.line2, `${String(address.postalCode ?? '')} ${String(address.city ?? '')}`].filter((x) => typeof x === 'string' && x.trim() !== '').join(', '));
  }
  return parts.join(', ');
}

export function cardPage(layout: LayoutModel, input: CardPageInput): CardPageModel {
  const { card, messages, language, zone } = input;
  const words = messages.console;
  const w = words.card;
  const at = (iso: string): Html => time(iso, compactInstant(new Date(iso), zone));
  const none = html`<span class="ct-muted">${w.none}</span>`;

  const statusFacts: Fact[] = [
    { term: w.status, value: html`<strong>${words.statusNames[card.status]}</strong>` },
    { term: w.district, value: html`${districtName(card.policeDistrict, language)}` },
    { term: w.reason, value: html`${w.reasons[card.reason as CardReason] ?? card.reason}` },
    { term: w.issueNumber, value: html`${card.issueNumber}` },
  ];
  if (card.appointment) {
    statusFacts.push({
      term: w.appointment,
      value: html`${time(card.appointment.at, w.appointmentAt(compactInstant(new Date(card.appointment.at), zone), card.appointment.station))}`,
    });
  }

  const deadlineFacts: Fact[] = [];
  let deadlineText: string | null = w.noDeadline;
  const overdue = card.deadline?.overdue ?? false;
  if (card.deadline) {
    const dl = card.deadline;
    deadlineText = w.deadlineKinds[dl.kind as DeadlineKind](messages.common.workingDays(dl.workingDays));
    deadlineFacts.push({ term: w.dueDate, value: time(dl.dueDate, humanDate(dl.dueDate, language)) });
    if (card.delivered) {
      const when = compactInstant(new Date(card.delivered.at), zone);
      deadlineFacts.push({
        term: w.delivered,
        value: html`${card.delivered.late ? w.deliveredLate(when, words.days.late(messages.common.workingDays(card.delivered.workingDaysLate))) : w.deliveredOnTime(when)}`,
      });
    } else if (card.status !== 'cancelled') {
      const left = workingDaysLeft(dl.dueDate, input.now, input.calendar, zone);
      const text = overdue
        ? words.days.late(messages.common.workingDays(Math.max(1, -left)))
        : left === 0
          ? words.days.dueToday
          : words.days.left(messages.common.workingDays(left));
      deadlineFacts.push({ term: w.remaining, value: overdue ? html`<strong class="ct-danger">${text}</strong>` : html`${text}` });
    }
    deadlineFacts.push({
      term: w.breach,
      value: dl.breachedAt ? time(dl.breachedAt, w.breachedAt(compactInstant(new Date(dl.breachedAt), zone))) : html`${w.notBreached}`,
    });
  }

  const allowed = allowedEventsFrom(card.status as CardStatus);
  const a = card.applicant;
  const tableOf = (entries: HistoryEntry[]): TableModel => ({
    caption: w.timelineHeading,
    captionHidden: true,
    columns: [w.timelineColumns.event, w.timelineColumns.occurred, w.timelineColumns.recorded, w.timelineColumns.by, w.timelineColumns.details],
    rows: entries.map((e) => [
      html`${words.eventNames[e.type as CardEventType] ?? e.type}`,
      at(e.occurredAt),
      at(e.recordedAt),
      html`${e.actor}`,
      html`${eventDetails(e, words, zone)}`,
    ]),
  });
  const nc = w.notificationColumns;

  let notice: string | null = null;
  if (input.notice && 'recorded' in input.notice) notice = w.recorded(words.eventNames[input.notice.recorded]);
  else if (input.notice && 'opened' in input.notice) notice = w.opened;

  return {
    layout,
    title: w.title(card.reference),
    notice,
    status: { heading: w.statusHeading, facts: statusFacts },
    deadline: { heading: w.deadlineHeading, text: deadlineText, facts: deadlineFacts, overdue },
    record: {
      heading: w.recordHeading,
      intro: w.recordIntro,
      none: w.recordNone,
      links: allowed.map((type) => ({ href: CONSOLE_PATHS.recordEvent(card.id, type), text: words.eventNames[type] })),
    },
    applicant: {
      heading: w.applicantHeading,
      facts: [
        { term: w.fullName, value: html`${a.fullName}` },
        { term: w.dateOfBirth, value: time(a.dateOfBirth, humanDate(a.dateOfBirth, language)) },
        { term: w.nationality, value: html`${a.nationality}` },
        { term: w.dufNumber, value: html`${groupedDuf(card.dufNumber)}` },
        { term: w.email, value: a.email ? html`${a.email}` : none },
        { term: w.phone, value: a.phone ? html`${a.phone}` : none },
        { term: w.preferredLanguage, value: html`${languageName(a.preferredLanguage)}` },
      ],
    },
    address: {
      heading: w.addressHeading,
      lines: [card.address.line1, card.address.line2, `${card.address.postalCode} ${card.address.city}`].filter((l): l is string => !!l),
      confirmation:
        card.addressConfirmedAt === null
          ? w.addressNotConfirmed
          : input.addressConfirmed
            ? w.addressConfirmed(compactInstant(new Date(card.addressConfirmedAt), zone))
            : w.addressConfirmedBefore(compactInstant(new Date(card.addressConfirmedAt), zone)),
    },
    timeline: { heading: w.timelineHeading, table: tableOf(input.history) },
    notifications: {
      heading: w.notificationsHeading,
      empty: w.notificationsEmpty,
      table:
        input.notifications.length === 0
          ? null
          : {
              caption: w.notificationsHeading,
              captionHidden: true,
              columns: [nc.kind, nc.audience, nc.due, nc.status, nc.attempts, nc.reason],
              rows: input.notifications.map((n) => [
                html`${(w.notificationKinds as Record<string, string>)[n.kind] ?? n.kind}`,
                html`${w.audiences[n.audience] ?? n.audience}`,
                at(n.dueAt),
                html`${(w.notificationStatuses as Record<string, string>)[n.status] ?? n.status}`,
                html`${n.attempts}`,
                html`${[n.reason, n.lastError].filter(Boolean).join(': ')}`,
              ]),
            },
    },
  };
}

/** A language's name in itself (English, Norsk bokmål, Nynorsk), for "language for messages". */
function languageName(language: MessageLanguage): string {
  return { en: 'English', nb: 'Bokmål', nn: 'Nynorsk' }[language];
}
