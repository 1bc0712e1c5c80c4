import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { clusterMetrics, isClusterWorker, shareMetrics } from '../cluster';
import { JobsService, QUEUES } from '../jobs/jobs.service';

/**
 * Prometheus metrics for `/api/metrics`: request rate, latency and errors per route, the job
 * queues' depth, allocation round durations, and Node's own (heap, event loop lag, GC). Each app
 * has its own registry, so several apps in one process (as in the tests) never clash.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP requests answered with a 5xx status, by method and route template',
    labelNames: ['method', 'route'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly rounds = new Histogram({
    name: 'allocation_round_duration_seconds',
    help: 'Time to load, run and save an allocation round, by policy and outcome',
    labelNames: ['policy', 'outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  constructor(jobs: JobsService) {
    new Gauge({
      name: 'job_queue_depth',
      help: 'Jobs waiting in each background queue (created or retrying, not yet active)',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      // Every API process reads the same shared queues: several workers' figures are one figure.
      aggregator: 'max',
      async collect() {
        const sizes = await Promise.all(QUEUES.map((queue) => jobs.boss.getQueueSize(queue)));
        QUEUES.forEach((queue, i) => this.set({ queue }, sizes[i]));
      },
    });
    collectDefaultMetrics({ register: this.registry });
    shareMetrics(this.registry);
  }

  /** One answered request. `route` is the route's template (`/api/placements/:id`), never the raw URL. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
    if (status >= 500) this.errors.inc({ method, route });
  }

  observeRound(policy: string, outcome: 'proposed' | 'failed', seconds: number): void {
    this.rounds.observe({ policy, outcome }, seconds);
  }

  /** This process's metrics; with several API workers (API_WORKERS), all of theirs together. */
  render(): Promise<string> {
    return isClusterWorker() ? clusterMetrics() : this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
