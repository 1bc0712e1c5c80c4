import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createApp } from './app.setup';
import { validateEnvironment } from './config/environment';
import { dataSourceOptions, revertLastMigration, runMigrations } from './database/data-source';
import { SetupService } from './setup/setup.service';

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

  const app = await createApp(environment);
  await app.listen({ port: environment.PORT, host: environment.HOST });
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
