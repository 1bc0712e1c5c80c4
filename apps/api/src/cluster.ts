import { ConsoleLogger } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, Registry, type RegistryContentType } from 'prom-client';

/**
 * Several API processes on one port (`API_WORKERS` > 1), with Node's cluster module: the primary
 * process only starts, watches and stops the workers, and hands each new connection to the next
 * worker in turn; each worker is a whole API (requests, jobs, its own database pool). A Node
 * process runs JavaScript on one core, so this is how one machine's cores all serve requests —
 * as replicas behind a load balancer do across machines (docs/scaling.md). Nothing is shared
 * in memory: sessions, jobs and locks live in PostgreSQL, as they must for replicas anyway.
 */

const METRICS_REQUEST = 'ahp:metrics-request';
const METRICS_RESPONSE = 'ahp:metrics-response';
/** A worker that fails this often within a minute is not restarted again; the primary stops. */
const MAX_RESTARTS_PER_MINUTE = 5;
/** After SIGTERM, how long the workers get to finish (each limits itself to 30 s; see main.ts). */
const STOP_TIMEOUT_MS = 35_000;

export interface ClusterOptions {
  workers: number;
  /** Called once every worker is listening (the first alone applies migrations and demo data). */
  onReady?: () => void;
}

/** Runs in the primary process: starts the workers, restarts one that dies, stops them all. */
export function runPrimary({ workers, onReady }: ClusterOptions): void {
  // JSON lines in production, like the workers' logs (the primary has no app, hence no pino).
  const logger = new ConsoleLogger('Cluster', { json: process.env.NODE_ENV === 'production' });
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let failed = false;
  const restarts: number[] = [];

  const start = (index: number, restart = false): Worker => {
    // The first worker of the first start prints the sign-in banner (main.ts), nobody else.
    const banner = index === 0 && !restart ? '1' : '0';
    const worker = cluster.fork({ API_WORKER_INDEX: String(index), API_WORKER_BANNER: banner });
    let listening = false;
    worker.once('listening', () => {
      listening = true;
      if (restart) logger.log(`API worker ${index} is serving again`);
    });
    worker.on('message', (message: { type?: string; id?: number }) => {
      if (message?.type === METRICS_REQUEST) void answerMetrics(aggregator, worker, message.id);
    });
    worker.once('exit', (code, signal) => {
      if (stopping) {
        if (code !== 0) failed = true;
        return;
      }
      if (!listening) {
        // It never started (the database unreachable, a migration failing…): starting it again
        // would fail the same way, so stop and let the supervisor (systemd, Docker) report it.
        logger.error(`API worker ${index} failed to start (exit ${signal ?? code}); stopping`);
        stop(1);
        return;
      }
      const now = Date.now();
      while (restarts.length && now - restarts[0] > 60_000) restarts.shift();
      restarts.push(now);
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        logger.error(`API workers failed ${restarts.length} times within a minute; stopping`);
        stop(1);
        return;
      }
      logger.error(
        `API worker ${index} stopped unexpectedly (${signal ?? code}); starting another`,
      );
      setTimeout(() => {
        if (!stopping) start(index, true);
      }, 1_000);
    });
    return worker;
  };

  const stop = (exitCode?: number) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter(
      (w): w is Worker => !!w && !w.isDead(),
    );
    setTimeout(() => {
      logger.error(`API workers did not stop within ${STOP_TIMEOUT_MS / 1000} s; ending them`);
      for (const worker of running) worker.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    let left = running.length;
    const done = () => process.exit(exitCode ?? (failed ? 1 : 0));
    if (left === 0) done();
    for (const worker of running) {
      worker.once('exit', () => --left === 0 && done());
      // Always SIGTERM: after a terminal's Ctrl-C every worker has its own SIGINT already, and a
      // second signal of the same kind would end a worker without its graceful shutdown.
      worker.process.kill('SIGTERM');
    }
  };
  process.once('SIGTERM', () => stop());
  process.once('SIGINT', () => stop());

  const first = start(0);
  first.once('listening', () => {
    if (stopping) return;
    let ready = 1; // the first; runPrimary is only used with two or more
    for (let i = 1; i < workers; i++) {
      start(i).once('listening', () => ++ready === workers && onReady?.());
    }
  });
}

/** The primary gathers every worker's metrics (prom-client adds them up) for the one that asked. */
async function answerMetrics(
  aggregator: AggregatorRegistry<RegistryContentType>,
  worker: Worker,
  id?: number,
) {
  try {
    const text = await aggregator.clusterMetrics();
    worker.send({ type: METRICS_RESPONSE, id, text });
  } catch (error) {
    worker.send({ type: METRICS_RESPONSE, id, error: String(error) });
  }
}

/** Whether this process is one of several API workers. */
export const isClusterWorker = (): boolean => cluster.isWorker;

/**
 * In a worker, first thing: answer the primary's requests for metrics (constructing an
 * AggregatorRegistry is what makes prom-client listen). Until the app has started this process
 * contributes nothing, rather than leaving every scrape to time out while it starts.
 */
export function answerMetricsRequests(): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([new Registry()]);
  new AggregatorRegistry();
}

/** In a worker: the registry whose metrics the primary gathers from this process. */
export function shareMetrics(registry: Registry): void {
  if (cluster.isWorker) AggregatorRegistry.setRegistries([registry]);
}

let nextRequest = 0;
const pending = new Map<number, (reply: { text?: string; error?: string }) => void>();

/** In a worker: every worker's metrics together, as Prometheus should see one API. */
export function clusterMetrics(): Promise<string> {
  if (pending.size === 0) process.on('message', onMetrics);
  const id = nextRequest++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => settle({ error: 'The primary process did not answer' }), 6_000);
    const settle = (reply: { text?: string; error?: string }) => {
      clearTimeout(timer);
      pending.delete(id);
      if (pending.size === 0) process.off('message', onMetrics);
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(reply.text ?? '');
    };
    pending.set(id, settle);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}

function onMetrics(message: { type?: string; id?: number; text?: string; error?: string }) {
  if (message?.type === METRICS_RESPONSE && message.id !== undefined)
    pending.get(message.id)?.(message);
}
