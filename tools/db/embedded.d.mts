// Types for embedded.mjs, so TypeScript callers (test setup, benchmarks) can import it.
export interface EmbeddedServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number>;
export function spawnEmbeddedServer(options?: { dir?: string; persistent?: boolean }): Promise<EmbeddedServer>;
export function startEmbeddedPostgres(options: {
  dir: string;
  port?: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<{ url: (database?: string) => string; port: number; stop: () => Promise<void>; pg: unknown }>;
export function ensureDatabase(pg: unknown, name: string): Promise<void>;
