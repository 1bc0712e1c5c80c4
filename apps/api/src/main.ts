import { ConsoleLogger, Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createApp } from './app.setup';
import { answerMetricsRequests, runPrimary } from './cluster';
import { isDatabaseUnavailable } from './common/errors/error-body';
import { validateEnvironment } from './config/environment';
import { dataSourceOptions, revertLastMigration, runMigrations } from './database/data-source';
import { SetupService } from './setup/setup.service';

/**
 * The most a stopping process may take (SIGTERM to exit): the HTTP server drains its requests in
 * flight, then running jobs get up to JOBS_SHUTDOWN_TIMEOUT_MS (20 s), then the pool closes.
 * Past this it exits with 1 regardless; pg-boss retries whatever job was cut short.
 */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * pg-boss completes and fails jobs without awaiting the promises; while the database is down
 * (restarted, failed over) they reject with nobody listening, and Node would end the process.
 * Those are logged instead; any other unhandled rejection still ends it as before.
 */
function surviveDatabaseOutages(): void {
  process.on('unhandledRejection', (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    new Logger('Database').warn(
      `Lost the database in the background: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  });
}

/** Started at the first SIGTERM/SIGINT; Nest's shutdown hooks (app.setup.ts) do the work. */
function limitShutdown(): void {
  const deadline = (signal: string) => {
    new Logger('Shutdown').log(`${signal}: finishing requests in flight and running jobs`);
    setTimeout(() => {
      new Logger('Shutdown').error(
        `Shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting anyway`,
      );
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.once('SIGTERM', deadline);
  process.once('SIGINT', deadline);
}

/**
 * `node main.js` serves the API (and the web app). `node main.js migrate` applies pending
 * migrations and exits; `node main.js revert` undoes the last one.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const environment = validateEnvironment(process.env);
  const command = process.argv[2];

  if (command === 'migrate' || command === 'revert') {
    const dataSource = await new DataSource(
      dataSourceOptions({ url: environment.DATABASE_URL }),
    ).initialize();
    try {
      if (command === 'migrate') {
        const applied = await runMigrations(dataSource);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      } else {
        await revertLastMigration(dataSource);
        console.log('Reverted the last migration.');
      }
    } finally {
      await dataSource.destroy();
    }
    return;
  }
  if (command)
    throw new Error(`Unknown command "${command}". Use "migrate", "revert" or nothing to serve.`);

  if (environment.API_WORKERS > 1 && cluster.isPrimary) {
    runPrimary({
      workers: environment.API_WORKERS,
      onReady: () =>
        new ConsoleLogger('Cluster', { json: environment.NODE_ENV === 'production' }).log(
          `${environment.API_WORKERS} API workers are serving port ${environment.PORT}`,
        ),
    });
    return;
  }

  answerMetricsRequests();
  surviveDatabaseOutages();
  const app = await createApp(environment);
  await app.listen({ port: environment.PORT, host: environment.HOST });
  limitShutdown();
  // With several workers, the first (which applied migrations and demo data) speaks for them all.
  if (cluster.isWorker && process.env.API_WORKER_BANNER !== '1') return;
  const url = `http://localhost:${environment.PORT}`;
  const banner = [`AHP Placements is ready at ${url}  (API docs: ${url}/api/docs)`];
  const setup = app.get(SetupService);
  const signIns = setup.demoSignIns();
  if (signIns) {
    banner.push('', 'Demo sign-ins (demo data only; every account has the same password):');
    for (const { role, email } of signIns) banner.push(`  ${role.padEnd(12)} ${email}`);
    banner.push(`  password     ${setup.demoPassword}`);
  }
  // Printed, not logged: this is for the person who ran the command.
  process.stdout.write(`\n${banner.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  new Logger('Startup').error(error instanceof Error ? error.message : String(error));
  if (
    error instanceof Error &&
    error.stack &&
    !error.message.startsWith('Configuration is invalid')
  ) {
    console.error(error.stack);
  }
  process.exit(1);
});
