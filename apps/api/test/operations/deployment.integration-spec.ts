import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../../../..');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  volumes?: string[];
  ports?: string[];
  expose?: string[];
}

/**
 * The compose file cannot be run here (no Docker engine), so these checks hold it to what
 * docs/scaling.md promises: several app processes behind a proxy, health-checked, sharing one
 * PostgreSQL with a volume, and secrets that must be supplied.
 */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const nginx = readFileSync(join(root, 'tools/deploy/nginx.conf'), 'utf8');
  const apps = Object.entries(compose.services).filter(([, s]) =>
    s.environment?.DATABASE_URL?.includes('@db:5432'),
  );

  it('runs at least two identical app processes, each health-checked on readiness', () => {
    expect(apps.length).toBeGreaterThanOrEqual(2);
    const [first, ...others] = apps.map(([, service]) => service);
    for (const service of others) expect(service).toEqual(first);
    expect(JSON.stringify(first.healthcheck?.test)).toContain('/api/health/ready');
    expect(first.depends_on?.db?.condition).toBe('service_healthy');
    expect(first.ports).toBeUndefined();
  });

  it('puts a proxy in front that balances over exactly those processes, once they are healthy', () => {
    const proxy = compose.services.proxy;
    expect(proxy.ports?.length).toBe(1);
    for (const [name] of apps) {
      expect(proxy.depends_on?.[name]?.condition).toBe('service_healthy');
      expect(nginx).toMatch(new RegExp(`server ${name}:3000`));
    }
    const upstreams = [...nginx.matchAll(/^\s*server (\w+):3000/gm)].map((m) => m[1]);
    expect(upstreams.sort()).toEqual(apps.map(([name]) => name).sort());
    expect(proxy.volumes?.[0]).toMatch(/^\.\/tools\/deploy\/nginx\.conf:/);
  });

  it('keeps PostgreSQL on a volume behind a health check, and demands the secrets', () => {
    const db = compose.services.db;
    expect(db.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(db.healthcheck).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain('db-data');
    const env = apps[0][1].environment ?? {};
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(env.DEMO_DATA).toBe('false');
    expect(env.TRUST_PROXY).toBe('true');
  });
});
