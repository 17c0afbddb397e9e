/**
 * Bench 1: `addWorkingDays(d, 20)` of our table-driven calendar against the obvious alternative, a
 * day-by-day walk asking `date-holidays` (public holidays only) about each day, on the same random
 * dates. Also against a fairer walk that caches `date-holidays`' public holidays per year in a Set,
 * so the speed-up is not only `date-holidays`' own per-call cost. Every answer is compared.
 *
 *   npm run bench:calendar [-- --dates 20000 --seconds 2]
 */
import { createWorkingDayCalendar } from '@cardtrail/card-lifecycle';
import Holidays from 'date-holidays';
import { fmt, heading, numberOption, table, verdicts } from './support/bench-report';

const DATE_COUNT = numberOption('dates', 20_000);
const SECONDS = numberOption('seconds', 2);
const N = 20;

/** Deterministic random dates in 2000–2099 (a seeded LCG, so runs are comparable). */
function randomDates(count: number): string[] {
  let seed = 20250414;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const start = Date.UTC(2000, 0, 1);
  const days = 100 * 365;
  return Array.from({ length: count }, () =>
    new Date(start + Math.floor(next() * days) * 86_400_000).toISOString().slice(0, 10),
  );
}

const isoOf = (t: number): string => new Date(t).toISOString().slice(0, 10);

function naiveWithDateHolidays(): (date: string, n: number) => string {
  const holidays = new Holidays('NO', { types: ['public'] });
  return (date, n) => {
    let t = Date.parse(`${date}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      t += 86_400_000;
      const day = new Date(t).getUTCDay();
      if (day === 0 || day === 6) continue;
      const found = holidays.isHoliday(isoOf(t));
      if (found && found.some((h) => h.type === 'public')) continue;
      left -= 1;
    }
    return isoOf(t);
  };
}

function yearCachedWithDateHolidays(): (date: string, n: number) => string {
  const holidays = new Holidays('NO', { types: ['public'] });
  const byYear = new Map<number, Set<string>>();
  const publicIn = (year: number): Set<string> => {
    let set = byYear.get(year);
    if (!set) {
      set = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      byYear.set(year, set);
    }
    return set;
  };
  return (date, n) => {
    let t = Date.parse(`${date}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      t += 86_400_000;
      const d = new Date(t);
      const day = d.getUTCDay();
      if (day === 0 || day === 6) continue;
      const iso = isoOf(t);
      if (publicIn(d.getUTCFullYear()).has(iso)) continue;
      left -= 1;
    }
    return isoOf(t);
  };
}

interface Run {
  opsPerSecond: number;
  answers: string[];
}

/** Runs `fn` over the dates (cycling) for about `seconds`, after a short warm-up. */
function measure(fn: (date: string, n: number) => string, dates: readonly string[], seconds: number): Run {
  const answers: string[] = [];
  const warmUntil = performance.now() + Math.min(300, seconds * 200);
  for (let i = 0; performance.now() < warmUntil; i += 1) fn(dates[i % dates.length], N);
  let ops = 0;
  let sink = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  // Check the clock every 64 calls so timing overhead stays out of the fast path.
  while (performance.now() < deadline) {
    for (let j = 0; j < 64; j += 1) {
      const date = dates[ops % dates.length];
      const answer = fn(date, N);
      if (answers.length < dates.length) answers.push(answer);
      sink += answer.length;
      ops += 1;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  if (sink === 0) console.log('');
  return { opsPerSecond: ops / elapsed, answers };
}

function main(): void {
  const dates = randomDates(DATE_COUNT);
  const calendar = createWorkingDayCalendar();
  const ours = (date: string, n: number): string => calendar.addWorkingDays(date, n);

  heading(`calendar: addWorkingDays(d, ${N}) on ${fmt(DATE_COUNT)} random dates (2000–2099), ${SECONDS} s each`);
  const fast = measure(ours, dates, SECONDS);
  const cached = measure(yearCachedWithDateHolidays(), dates, SECONDS);
  const naive = measure(naiveWithDateHolidays(), dates, SECONDS);

  // Every answer a baseline produced must equal ours for the same date.
  let compared = 0;
  let mismatches = 0;
  for (const run of [cached, naive]) {
    run.answers.forEach((answer, i) => {
      compared += 1;
      if (answer !== fast.answers[i] && answer !== ours(dates[i], N)) {
        if (mismatches < 5) console.log(`MISMATCH ${dates[i]}: ours ${ours(dates[i], N)}, baseline ${answer}`);
        mismatches += 1;
      }
    });
  }

  table([
    ['implementation', 'ops/s', 'µs/op', 'speed-up of ours'],
    ['cardtrail calendar (typed-array tables)', fmt(fast.opsPerSecond), fmt(1e6 / fast.opsPerSecond, 3), '1×'],
    [
      'day-by-day walk, date-holidays per year cached',
      fmt(cached.opsPerSecond),
      fmt(1e6 / cached.opsPerSecond, 3),
      `${fmt(fast.opsPerSecond / cached.opsPerSecond, 1)}×`,
    ],
    [
      'day-by-day walk, date-holidays isHoliday per day (naive)',
      fmt(naive.opsPerSecond),
      fmt(1e6 / naive.opsPerSecond, 1),
      `${fmt(fast.opsPerSecond / naive.opsPerSecond, 0)}×`,
    ],
  ]);
  console.log(`answers compared: ${fmt(compared)}, mismatches: ${mismatches}`);

  verdicts([
    { name: 'speed-up over the naive date-holidays loop', actual: fast.opsPerSecond / naive.opsPerSecond, target: 100, kind: 'min', unit: '×' },
    { name: 'answers differing from date-holidays', actual: mismatches, target: 0, kind: 'max', unit: 'mismatches' },
  ]);
}

main();
