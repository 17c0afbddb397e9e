import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { OutageLog } from './outage-log';

function capture(): { lines: Array<{ level: string; msg: string; failures?: number }>; log: (now: () => number) => OutageLog } {
  const lines: Array<{ level: string; msg: string; failures?: number }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const logger = createLogger({ LOG_LEVEL: 'info' }, { destination: stream });
  return { lines, log: (now) => new OutageLog(logger, { meanwhile: 'jobs are retried', now, quietMs: 30_000 }) };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('OutageLog', () => {
  it('logs the first failure of an outage and its end, and counts the rest', () => {
    const { lines, log } = capture();
    let t = 1_000;
    const outages = log(() => t);
    expect(outages.failed(refused)).toBe(true);
    t += 500;
    for (let i = 0; i < 99; i += 1) expect(outages.failed(refused)).toBe(true);
    t += 9_500;
    outages.recovered('database');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'Postgres is unavailable (ECONNREFUSED): jobs are retried; further failures are not logged until it is back'],
      ['info', 'Postgres is available again after 10 s (100 failed operations meanwhile)'],
    ]);
  });

  it('leaves other errors to the caller', () => {
    const { lines, log } = capture();
    const outages = log(() => 0);
    expect(outages.failed(new TypeError('a bug'))).toBe(false);
    expect(lines).toEqual([]);
  });

  it('ignores a success that began before the latest failure', () => {
    const { lines, log } = capture();
    let t = 1_000;
    const outages = log(() => t);
    outages.failed(refused);
    outages.recovered('database', 900);
    t = 1_200;
    outages.failed(refused);
    outages.recovered('database', 1_100);
    expect(outages.isDown('database')).toBe(true);
    t = 2_000;
    outages.recovered('database', 1_500);
    expect(outages.isDown('database')).toBe(false);
    expect(lines).toHaveLength(2);
  });

  it('keeps the two dependencies apart', () => {
    const { lines, log } = capture();
    const outages = log(() => 0);
    outages.failed(refused);
    outages.failed(new Error('Connection is closed.'));
    outages.recovered('queue');
    expect(outages.isDown('database')).toBe(true);
    expect(lines.map((l) => l.msg.split(' ')[0])).toEqual(['Postgres', 'Redis', 'Redis']);
  });

  it('starts a new outage after a quiet spell without failures', () => {
    const { lines, log } = capture();
    let t = 0;
    const outages = log(() => t);
    outages.failed(refused);
    t = 31_000;
    outages.failed(refused);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('logs jobs that lost their keys once while they keep coming, as no outage', () => {
    const { lines, log } = capture();
    let t = 0;
    const outages = log(() => t);
    for (let i = 0; i < 20; i += 1) {
      t += 100;
      expect(outages.failed(new Error(`Missing key for job ${i}. moveToFinished`))).toBe(true);
    }
    expect(outages.isDown('queue')).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toMatch(/^Redis lost the keys of jobs in progress/);
  });
});
