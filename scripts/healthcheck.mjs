// The image's HEALTHCHECK (Dockerfile, docker-compose.yml): exits 0 when this container's app
// answers 200 on /health/ready (Postgres and Redis reachable), 1 otherwise. One image runs either
// app, so it asks the API's port (PORT, default 3000) and, where nothing listens there, the
// worker's (WORKER_PORT, default 3001). No dependencies: Node's fetch only.
const ports = [process.env.PORT?.trim() || '3000', process.env.WORKER_PORT?.trim() || '3001'];

for (const port of ports) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) });
    if (res.status !== 200) console.error(`/health/ready on port ${port} answered ${res.status}: ${await res.text()}`);
    process.exit(res.status === 200 ? 0 : 1);
  } catch (error) {
    // Nothing listening here: this container runs the other app.
    if (error?.cause?.code === 'ECONNREFUSED') continue;
    console.error(`/health/ready on port ${port}: ${error?.cause?.message ?? error?.message ?? error}`);
    process.exit(1);
  }
}
console.error(`nothing listens on ports ${ports.join(' or ')}`);
process.exit(1);
