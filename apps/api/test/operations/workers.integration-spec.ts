import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { buildApi, startApiProcess, type ApiProcess } from '../support/api-process';
import { TestApp } from '../support/test-app';

/** The live child processes of `pid` (the API workers), from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [state, ppid] = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(ppid) === pid && state !== 'Z') children.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return children.sort((a, b) => a - b);
}

/** A GET on a connection of its own (the primary hands each new connection to the next worker). */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.setTimeout(10_000, () => req.destroy(new Error(`No answer from ${url} within 10 s`)));
    req.end();
  });
}

/** The sum of a counter over all its series whose labels contain `labels`. */
function counter(metrics: string, name: string, labels: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

const waitFor = async (condition: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return condition();
};

/**
 * API_WORKERS: several API processes on one port, so one machine's cores all serve requests.
 * The primary starts the workers, replaces one that dies, gathers their metrics for Prometheus
 * and stops them all gracefully.
 */
describe('API_WORKERS: several API processes on one port', () => {
  let t: TestApp;
  let api: ApiProcess;

  beforeAll(async () => {
    buildApi();
    // The test's app creates the database and applies the migrations the workers find.
    t = await TestApp.start({ JOBS_ENABLED: 'false' });
    api = await startApiProcess(t.databaseUrl, { API_WORKERS: '2', LOG_LEVEL: 'warn' });
    // The first worker answers health checks while the second is still starting.
    expect(await waitFor(() => api.stdout().includes('2 API workers are serving'), 60_000)).toBe(
      true,
    );
    expect(childrenOf(api.pid)).toHaveLength(2);
  }, 360_000);
  afterAll(async () => {
    await api?.stop();
    await t?.close();
  });

  it('serves from both workers, and /api/metrics counts the requests of both', async () => {
    const before = await (await fetch(`${api.url}/api/metrics`)).text();
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push(await getOnNewConnection(`${api.url}/api/health`));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const after = await (await fetch(`${api.url}/api/metrics`)).text();
    const served = (text: string) =>
      counter(text, 'http_requests_total', 'route="/api/health",status="200"');
    // Each worker served about half; the metrics (from whichever worker answered) add up both.
    expect(served(after) - served(before)).toBeGreaterThanOrEqual(20);
    // Both workers report their process metrics (summed), and the shared queue depth once.
    expect(after).toMatch(/^job_queue_depth\{queue="[a-z-]+"\} \d+$/m);
  }, 60_000);

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const [victim, survivor] = childrenOf(api.pid);
    process.kill(victim, 'SIGKILL');
    // Once the primary has seen it go (a connection handed to a worker as it dies is lost, as
    // with any crashed server), the survivor answers every connection; the replacement starts a
    // second later.
    expect(await waitFor(() => api.stderr().includes('stopped unexpectedly'), 10_000)).toBe(true);
    for (let i = 0; i < 4; i++) expect(await getOnNewConnection(`${api.url}/api/health`)).toBe(200);
    expect(
      await waitFor(() => {
        const now = childrenOf(api.pid);
        return now.length === 2 && now.includes(survivor) && !now.includes(victim);
      }, 30_000),
    ).toBe(true);
    // The replacement says when it serves again (as the first did).
    expect(
      await waitFor(() => api.stdout().includes('API worker 0 is serving again'), 30_000),
    ).toBe(true);
    for (let i = 0; i < 6; i++) expect(await getOnNewConnection(`${api.url}/api/health`)).toBe(200);
  }, 60_000);

  it('stops every worker gracefully on SIGTERM and exits 0', async () => {
    const workers = childrenOf(api.pid);
    process.kill(api.pid, 'SIGTERM');
    expect(await waitFor(() => api.exitCode() !== null, 30_000)).toBe(true);
    expect(api.exitCode()).toBe(0);
    expect(workers.filter((pid) => readdirSync('/proc').includes(String(pid)))).toEqual([]);
  }, 60_000);
});
