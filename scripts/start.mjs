// `npm start`: runs the built API and worker side by side (their JSON logs carry an `app` field), passes
// SIGINT/SIGTERM on so both shut down gracefully. Either one exiting stops the other.
import { spawn } from 'node:child_process';

const apps = {
  api: 'dist/apps/api/apps/api/src/main.js',
  worker: 'dist/apps/worker/apps/worker/src/main.js',
};

const children = Object.entries(apps).map(([name, entry]) => {
  const child = spawn(process.execPath, [entry], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  child.on('exit', (code, signal) => {
    // 143 = 128 + SIGTERM: Nest re-raises the signal after a clean shutdown.
    const clean = stopping && (code === 0 || code === 143 || signal === 'SIGTERM' || signal === 'SIGINT');
    console.error(`[start] ${name} exited (${signal ?? code})`);
    if (!clean) failed = true;
    stopAll('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) {
      process.exit(failed ? 1 : 0);
    }
  });
  return child;
});

let stopping = false;
let failed = false;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal ?? 'SIGTERM');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
