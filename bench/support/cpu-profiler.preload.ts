/**
 * Preloaded (`node -r …/cpu-profiler.preload.js`) into an app a bench profiles. The first SIGWINCH (ignored by default, and not one of Nest's shutdown signals)
 * starts the V8 sampling profiler, the second stops it and writes BENCH_CPU_PROFILE, so the
 * profile covers the load window only, not start-up, and survives Nest's signal-based shutdown
 * (which `--cpu-prof` does not).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_CPU_PROFILE;
if (file) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
      else console.error('cpu profile failed', error);
    });
  });
}
