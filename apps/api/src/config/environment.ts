import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { DEMO_PASSWORD } from '../demo/demo-data';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off', ''].includes(v)) return false;
    return value;
  });

/**
 * Every setting the API reads, with its default. Documented in the README's configuration table;
 * keep the two in step. Values come from the process environment (and a `.env` file if present).
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Address to listen on; 0.0.0.0 so a container's port can be published. */
  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, {
    message:
      'DATABASE_URL must be a postgres:// URL (npm start sets one for the embedded database)',
  })
  DATABASE_URL!: string;

  /**
   * API processes serving the one port (Node's cluster module): 1 serves from this process alone;
   * more start that many worker processes, so a machine's cores all run requests (a Node process
   * runs JavaScript on one core). `auto` is one per CPU. See docs/scaling.md.
   */
  @Transform(({ value }) => (value === 'auto' ? availableParallelism() : Number(value)))
  @IsInt({ message: 'API_WORKERS must be a whole number from 1 to 64, or auto' })
  @Min(1, { message: 'API_WORKERS must be a whole number from 1 to 64, or auto' })
  @Max(64, { message: 'API_WORKERS must be a whole number from 1 to 64, or auto' })
  API_WORKERS = 1;

  /**
   * Database connections per API process. Default: twice this machine's CPUs plus one, at most 10
   * (5 on 2 cores), shared among the API_WORKERS processes (at least 2 each). More connections
   * than PostgreSQL has cores to run them only queue inside it: on 2 cores with PostgreSQL beside
   * the API, 10 connections gave a p50 ten times that of 5 under the same load
   * (docs/performance.md). At least 2: an allocation round's job holds one connection for its
   * transaction while it reads its inputs and reports its progress on another.
   */
  @Type(() => Number)
  @IsInt({ message: 'DB_POOL_SIZE must be a whole number from 2 to 200' })
  @Min(2, { message: 'DB_POOL_SIZE must be a whole number from 2 to 200' })
  @Max(200, { message: 'DB_POOL_SIZE must be a whole number from 2 to 200' })
  DB_POOL_SIZE = Math.min(10, 2 * availableParallelism() + 1);

  @IsString()
  DATA_DIR = '.data';

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  @toBoolean()
  @IsBoolean()
  DEMO_DATA = false;

  /**
   * Signs access tokens. Required in production; elsewhere, when unset, one is generated once and
   * kept in the database.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_TTL_HOURS = 12;

  /**
   * How long each API process may reuse the access guard's reading of a person and session
   * (auth/token-state.cache.ts): changes are announced by the database and forget it at once, so
   * this only bounds how long an answer lives. 0 reads it on every request.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  TOKEN_STATE_CACHE_SECONDS = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  INVITATION_TTL_HOURS = 168;

  /** Sign-in and invitation attempts allowed per minute from one address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  AUTH_RATE_LIMIT_PER_MINUTE = 20;

  /** Consecutive failed sign-ins (or codes) after which an account is locked for a growing time. */
  @Type(() => Number)
  @IsInt()
  @Min(3)
  @Max(1000)
  AUTH_LOCKOUT_THRESHOLD = 10;

  /**
   * Roles that must use two-step verification, comma-separated, or "none". When unset:
   * "admin,coordinator" in production without demo data, otherwise none (docs/authentication.md).
   */
  @IsOptional()
  @Matches(
    /^(none|(student|coordinator|provider|admin)(\s*,\s*(student|coordinator|provider|admin))*)$/,
    {
      message:
        'MFA_REQUIRED_ROLES must be "none" or roles separated by commas, e.g. admin,coordinator',
    },
  )
  MFA_REQUIRED_ROLES?: string;

  /**
   * Other web origins whose pages may call the API from a browser (with bearer tokens, never the
   * cookie), comma-separated, e.g. `https://placements.northdale.ac.uk`. Unset: same origin only.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[a-z0-9.-]+(:\d+)?(\s*,\s*https?:\/\/[a-z0-9.-]+(:\d+)?)*$/i, {
    message: 'CORS_ORIGINS must be origins like https://example.org, separated by commas',
  })
  CORS_ORIGINS?: string;

  /** When set, `/api/metrics` requires `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Submitted or offered applications one student may hold at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_LIVE_APPLICATIONS = 10;

  /** A placement or provider whose overall feedback average is below this is flagged. */
  @Type(() => Number)
  @IsNumber()
  @Min(1)
  @Max(5)
  QUALITY_MIN_AVERAGE = 3;

  /** A placement or provider recommended by fewer than this share of its students is flagged. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  QUALITY_MIN_RECOMMEND_RATE = 0.6;

  /** How long an Idempotency-Key is remembered (at least the 24 hours API.md promises). */
  @Type(() => Number)
  @IsInt()
  @Min(24)
  @Max(720)
  IDEMPOTENCY_KEY_RETENTION_HOURS = 48;

  /** Where people reach the web app; used in e-mailed links. Defaults to http://localhost:PORT. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  /** smtp:// or smtps:// URL of the mail server. When unset, e-mails are written to MAIL_DIR. */
  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'AHP Placements <no-reply@placements.invalid>';

  /** Defaults to DATA_DIR/mail. */
  @IsOptional()
  @IsString()
  MAIL_DIR?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @toBoolean()
  @IsBoolean()
  COOKIE_SECURE = true;

  /** Set when the API runs behind a reverse proxy, so client addresses come from X-Forwarded-For. */
  @toBoolean()
  @IsBoolean()
  TRUST_PROXY = false;

  /** The built web app to serve at `/`; nothing is served there when the folder is missing. */
  @IsString()
  WEB_DIST_DIR = 'dist/apps/web/browser';

  /** Run background jobs (e-mail delivery) in this process. */
  @toBoolean()
  @IsBoolean()
  JOBS_ENABLED = true;

  @Type(() => Number)
  @Min(0.5)
  @Max(60)
  JOB_POLL_INTERVAL_SECONDS = 2;
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // Empty strings mean "not set", as they do in docker-compose files and shells.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  const lines = [
    ...errors.flatMap((e) => Object.values(e.constraints ?? {})),
    ...productionProblems(env),
  ];
  if (lines.length) throw new Error(`Configuration is invalid:\n  - ${lines.join('\n  - ')}`);
  if (cleaned.DB_POOL_SIZE === undefined && env.API_WORKERS > 1)
    env.DB_POOL_SIZE = Math.max(2, Math.ceil(env.DB_POOL_SIZE / env.API_WORKERS));
  return env;
}

/** Values copied from examples and documentation, which must never sign real tokens. */
const PLACEHOLDER_SECRET =
  /change.?me|changeit|example|placeholder|secret|password|your.?(own|jwt)|x{8}|0{8}|1234/i;

/**
 * In production the secrets must be the operator's own: no token-signing secret generated on the
 * fly or copied from an example, no demo data and no demo password. (The embedded database that
 * `npm start` provides for evaluation runs in development mode, where these are allowed.)
 */
function productionProblems(env: Environment): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const secret = env.JWT_SECRET;
  if (!secret) {
    problems.push(
      'JWT_SECRET must be set in production: at least 32 random characters (e.g. `openssl rand -base64 48`)',
    );
  } else if (PLACEHOLDER_SECRET.test(secret) || new Set(secret).size < 12) {
    problems.push(
      'JWT_SECRET looks like a placeholder or is too repetitive; use at least 32 random characters',
    );
  }
  if (env.DEMO_DATA)
    problems.push(
      'DEMO_DATA cannot be true in production: the demo accounts share a published password',
    );
  if (env.ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD === DEMO_PASSWORD)
    problems.push('ADMIN_PASSWORD cannot be the demo password in production');
  return problems;
}
