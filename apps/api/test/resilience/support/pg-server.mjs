#!/usr/bin/env node
// A PostgreSQL of the resilience tests' own (never the shared one from globalSetup), in its own
// process: started on a given data directory and port, so that it can be stopped and started
// again where the API process expects it. Prints one JSON line, {"url": "...", "port": n}, when
// ready; stops the server (a fast shutdown: sessions are ended, open transactions roll back)
// and exits when its standard input closes or on SIGTERM/SIGINT.
//   node pg-server.mjs --dir /tmp/somewhere --port 54321
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../../../../../tools/db/embedded.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, port: { type: 'string' } },
});
if (!values.dir || !values.port) throw new Error('--dir and --port are required');
// persistent: the data directory outlives the server, which is the point of a restart.
const server = await startEmbeddedPostgres({
  dir: values.dir,
  port: Number(values.port),
  persistent: true,
});
process.stdout.write(`${JSON.stringify({ url: server.url('postgres'), port: server.port })}\n`);

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
