/** BullMQ queue names. Every key is under the configured QUEUE_PREFIX. */
export const QUEUES = {
  /** One job per outbox row: react to a recorded event. */
  events: 'card-events',
  /** One job per due timer: a deadline check or a notification send. */
  timers: 'timers',
  /** The repeatable sweep and relay ticks. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
