/**
 * Preloaded (`node -r …/pinned-clock.preload.js`) into the worker a bench starts, so the
 * service's wall clock reads `BENCH_CLOCK_OFFSET_MS` later than the machine's: the pipeline bench
 * pins the business clock to a working day at 10:00 Oslo, whatever the hour it runs at (after
 * 20:00 applicant messages would be re-timed to 08:00 instead of sent, and the result would
 * depend on the time of day). `Date.now()` and `new Date()` move; `performance.now()` and
 * Postgres's `now()` do not, and the bench measures with those.
 */
const offset = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);

if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  class PinnedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = PinnedDate as DateConstructor;
}
