#!/usr/bin/env node
// Runs an embedded PostgreSQL as its own process, for test runners and benchmarks that must not
// load it into their own process. Prints one JSON line, {"url": "...", "port": n}, when ready;
// stops the server and exits when its standard input closes (so it never outlives its parent)
// or on SIGTERM/SIGINT.
//   node tools/db/embedded-server.mjs --dir /tmp/somewhere [--persistent]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from './embedded.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, persistent: { type: 'boolean', default: false } },
});
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'ahp-pg-'));
const server = await startEmbeddedPostgres({ dir, persistent: values.persistent });
process.stdout.write(
  `${JSON.stringify({ url: server.url('postgres'), port: server.port, dir })}\n`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
