import { CARD_EVENT_TYPES, type CardEvent, type CardEventType } from './card.events';
import type { CardState } from './card.state';

/**
 * JSON forms of events and state, for jsonb columns and outbox payloads. Instants become ISO 8601
 * UTC strings (`toISOString()`); reading them back revives every `Date`. Reading throws a
 * TypeError on malformed stored data: that is corruption, not a caller's mistake.
 */

export interface CardEventJson {
  type: CardEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** `CardState` with every `Date` as an ISO string (and `null` kept). */
export type CardStateJson = Jsonified<CardState>;

type Jsonified<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Jsonified<U>>
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export function eventToJson(event: CardEvent): CardEventJson {
  const data: Record<string, unknown> = { ...event.data };
  if (event.type === 'AppointmentBooked') {
    data.appointmentAt = event.data.appointmentAt.toISOString();
  }
  return { type: event.type, occurredAt: event.occurredAt.toISOString(), data };
}

export function eventFromJson(json: { type: string; occurredAt: string; data?: unknown }): CardEvent {
  if (!(CARD_EVENT_TYPES as readonly string[]).includes(json.type)) {
    throw new TypeError(`unknown card event type ${JSON.stringify(json.type)}`);
  }
  const data = { ...((json.data ?? {}) as Record<string, unknown>) };
  if (json.type === 'AppointmentBooked') {
    data.appointmentAt = reviveDate(data.appointmentAt, 'data.appointmentAt');
  }
  return { type: json.type, occurredAt: reviveDate(json.occurredAt, 'occurredAt'), data } as CardEvent;
}

export function stateToJson(state: CardState): CardStateJson {
  return {
    ...state,
    address: { ...state.address },
    addressConfirmedAt: isoOrNull(state.addressConfirmedAt),
    appointment: state.appointment && { ...state.appointment, at: state.appointment.at.toISOString() },
    orderedAt: isoOrNull(state.orderedAt),
    deadline: state.deadline && { ...state.deadline, breachedAt: isoOrNull(state.deadline.breachedAt) },
    delivered: state.delivered && { ...state.delivered, at: state.delivered.at.toISOString() },
    fee: state.fee && { ...state.fee },
    lastEventAt: isoOrNull(state.lastEventAt),
    timeline: state.timeline.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}

export function stateFromJson(json: CardStateJson): CardState {
  return {
    ...json,
    address: { ...json.address },
    addressConfirmedAt: dateOrNull(json.addressConfirmedAt, 'addressConfirmedAt'),
    appointment: json.appointment && {
      ...json.appointment,
      at: reviveDate(json.appointment.at, 'appointment.at'),
    },
    orderedAt: dateOrNull(json.orderedAt, 'orderedAt'),
    deadline: json.deadline && {
      ...json.deadline,
      breachedAt: dateOrNull(json.deadline.breachedAt, 'deadline.breachedAt'),
    },
    delivered: json.delivered && { ...json.delivered, at: reviveDate(json.delivered.at, 'delivered.at') },
    fee: json.fee && { ...json.fee },
    lastEventAt: dateOrNull(json.lastEventAt, 'lastEventAt'),
    timeline: json.timeline.map((entry, i) => ({ ...entry, at: reviveDate(entry.at, `timeline[${i}].at`) })),
  };
}

function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

function dateOrNull(value: string | null | undefined, field: string): Date | null {
  return value === null || value === undefined ? null : reviveDate(value, field);
}

function reviveDate(value: unknown, field: string): Date {
  const date = typeof value === 'string' || value instanceof Date ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`${field} is not an ISO 8601 instant: ${JSON.stringify(value)}`);
  }
  return date;
}
