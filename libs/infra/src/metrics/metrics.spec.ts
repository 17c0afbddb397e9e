import { describe, expect, it } from '@jest/globals';
import { Metrics } from './metrics';

describe('Metrics', () => {
  it('keeps each instance in its own registry, so two apps in one process do not clash', async () => {
    const a = new Metrics({ app: 'api', defaultMetrics: false });
    const b = new Metrics({ app: 'worker', defaultMetrics: false });
    a.eventsRecorded.inc({ type: 'CardMailed' });
    expect(await a.render()).toContain('cardtrail_events_recorded_total{type="CardMailed",app="api"} 1');
    expect(await b.render()).not.toContain('type="CardMailed"');
  });

  it('runs scrape hooks before rendering, and a failing hook does not fail the scrape', async () => {
    const metrics = new Metrics({ app: 'api', defaultMetrics: false });
    const errors: unknown[] = [];
    metrics.onScrape(() => metrics.overdueCards.set(3));
    metrics.onScrape(async () => {
      throw new Error('Postgres is down');
    });
    const text = await metrics.render((error) => errors.push(error));
    expect(text).toContain('cardtrail_overdue_cards{app="api"} 3');
    expect(errors).toEqual([new Error('Postgres is down')]);
  });
});
