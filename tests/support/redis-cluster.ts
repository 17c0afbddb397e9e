import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './worker-harness';

const run = promisify(execFile);

export interface PrivateRedisCluster {
  /** `redis+cluster://127.0.0.1:a,127.0.0.1:b,127.0.0.1:c`, as REDIS_URL takes it. */
  url: string;
  ports: number[];
  /** The port of the node that serves `key`'s slot. */
  nodeOf(key: string): Promise<number>;
  /** Every key on every node (private cluster only). */
  keys(): Promise<Array<{ port: number; key: string }>>;
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster of `size` masters (no replicas) from the local `redis-server`, on free
 * ports, with its node files in a temp dir; `stop` kills the servers and removes the dir. Never
 * the shared Redis.
 */
export async function startPrivateRedisCluster(size = 3): Promise<PrivateRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cardtrail-redis-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < size; i += 1) {
      const port = await freePort();
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      ports.push(port);
      children.push(
        spawn(
          'redis-server',
          [
            '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', nodeDir,
            '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000',
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    for (const port of ports) {
      await waitFor(() => ping(port), { timeoutMs: 10_000, what: `cluster node ${port}` });
    }
    await run('redis-cli', [
      '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes',
    ]);
    for (const port of ports) {
      await waitFor(async () => (await info(port)).includes('cluster_state:ok'), { timeoutMs: 20_000, what: `cluster state ok on ${port}` });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    ports,
    async nodeOf(key) {
      return withNode(ports[0], async (client) => {
        const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
        const slots = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]]]>;
        const range = slots.find(([from, to]) => slot >= from && slot <= to);
        if (!range) throw new Error(`no node serves slot ${slot}`);
        return range[2][1];
      });
    },
    async keys() {
      const all: Array<{ port: number; key: string }> = [];
      for (const port of ports) {
        for (const key of await withNode(port, (client) => client.keys('*'))) all.push({ port, key });
      }
      return all;
    },
    stop,
  };
}

async function withNode<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function ping(port: number): Promise<boolean> {
  return withNode(port, async (client) => (await client.ping()) === 'PONG');
}

function info(port: number): Promise<string> {
  return withNode(port, async (client) => String(await client.call('CLUSTER', 'INFO')));
}
