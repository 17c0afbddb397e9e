import { CardRefusedError, POLICE_DISTRICTS, eventFromJson, type PoliceDistrict, type RecordableEvent } from '@cardtrail/card-lifecycle';
import { CardStore, createDomain, loadConfig, openDatabase, type Applicant } from '@cardtrail/infra';
import type { DataSource } from 'typeorm';
import { lifecycleLap, openCardBody } from './bench-cards';
import { sleep } from './bench-report';

/**
 * Records events straight through the card store (the API's own append path, without HTTP), so
 * a pipeline bench can produce events faster than one API process answers requests. Each card
 * walks its lifecycle lap; one appender at a time per card keeps every step valid.
 */
export class BenchRecorder {
  private readonly domain = createDomain(loadConfig({ NODE_ENV: 'test' }));
  private readonly store: CardStore;
  private cards: string[] = [];
  private steps: number[] = [];
  refused = 0;

  private constructor(
    readonly dataSource: DataSource,
    private readonly clock: { now(): Date },
  ) {
    this.store = new CardStore(dataSource, this.domain);
  }

  /** `clock` dates the recorded events (the pipeline bench pins it, as it pins the worker's). */
  static async connect(url: string, poolSize = 16, clock: { now(): Date } = { now: () => new Date() }): Promise<BenchRecorder> {
    return new BenchRecorder(await openDatabase({ url, poolSize, applicationName: 'cardtrail-bench-recorder' }), clock);
  }

  async openCards(count: number): Promise<void> {
    const ids: string[] = new Array(count);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < count; i = next++) {
          const district = POLICE_DISTRICTS[i % POLICE_DISTRICTS.length] as PoliceDistrict;
          const body = openCardBody(i, district) as { dufNumber: string; applicant: Applicant; address: { line1: string; postalCode: string; city: string } };
          const card = await this.store.open({
            dufNumber: body.dufNumber,
            policeDistrict: district,
            reason: 'first',
            applicant: { ...body.applicant, preferredLanguage: body.applicant.preferredLanguage ?? 'en' },
            address: body.address,
            createdBy: 'bench',
          });
          ids[i] = card.id;
        }
      }),
    );
    this.cards = ids;
    this.steps = ids.map(() => 0);
  }

  get cardCount(): number {
    return this.cards.length;
  }

  private async appendOne(i: number): Promise<void> {
    const lap = lifecycleLap(i);
    const step = lap[this.steps[i] % lap.length];
    this.steps[i] += 1;
    const now = this.clock.now();
    const event = eventFromJson({ type: step.type, occurredAt: now.toISOString(), data: step.data }) as RecordableEvent;
    try {
      await this.store.append(this.cards[i], (state) => this.domain.decider.decide({ type: 'RecordEvent', event, now }, state), {
        actor: 'bench',
      });
    } catch (error) {
      if (!(error instanceof CardRefusedError)) throw error;
      this.refused += 1;
    }
  }

  /**
   * Records `total` events with `concurrency` appenders, each owning every concurrency-th card
   * (so no card has two appends in flight). With `perSecond`, paces them evenly to that rate.
   */
  async record(total: number, options: { concurrency?: number; perSecond?: number } = {}): Promise<{ seconds: number }> {
    const concurrency = Math.min(options.concurrency ?? 16, this.cards.length);
    const start = performance.now();
    let issued = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        let round = 0;
        for (;;) {
          const n = issued++;
          if (n >= total) return;
          if (options.perSecond) {
            const due = start + (n / options.perSecond) * 1000;
            const wait = due - performance.now();
            if (wait > 0) await sleep(wait);
          }
          const perLane = Math.floor((this.cards.length - lane - 1) / concurrency) + 1;
          const card = lane + (round % perLane) * concurrency;
          round += 1;
          await this.appendOne(card);
        }
      }),
    );
    return { seconds: (performance.now() - start) / 1000 };
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
  }
}
