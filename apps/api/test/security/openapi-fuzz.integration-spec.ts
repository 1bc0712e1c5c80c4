import fc from 'fast-check';
import type { Role } from '@ahp/contracts';
import { TestApp, type Reply } from '../support/test-app';
import {
  SchemaValidator,
  resolve,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type Schema,
} from './openapi-schema';
import {
  allowedRoles,
  buildAttackWorld,
  errorShapeProblem,
  routeTable,
  type AttackWorld,
  type Route,
} from './support';

/**
 * Property-based fuzzing of every operation in the served OpenAPI document (OWASP API8, security
 * misconfiguration, and API4/API10 robustness): requests are generated from each operation's
 * parameter and body schemas, valid and deliberately broken, and sent as a signed-in person of a
 * role the route allows. Whatever arrives:
 *   - never a 5xx;
 *   - every 4xx in the contract's error shape;
 *   - every 2xx is a documented status, and its JSON body fits the documented schema (with no
 *     undocumented fields);
 *   - a body its own documented schema rejects (unknown field, missing required field, wrong type,
 *     out of range) is never accepted with a 2xx.
 *
 * Deterministic: FUZZ_SEED (default below) fixes every operation's generator; FUZZ_RUNS sets the
 * runs per operation; FUZZ_OP=<substring of "POST /api/path"> narrows to matching operations;
 * FUZZ_PATH replays one run exactly (with FUZZ_OP naming a single operation). See
 * docs/security-testing.md.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const ONLY = process.env.FUZZ_OP;
const PATH = process.env.FUZZ_PATH;

/** Stable per-operation seed, so one operation's failure replays without running the others. */
function seedFor(key: string): number {
  let hash = SEED | 0;
  for (const char of key) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

// ---- generators ---------------------------------------------------------------------------------

const UNICODE = [
  'Zoë Ångström',
  'مرحبا بالعالم',
  '𝕳𝖊𝖑𝖑𝖔 👩🏽‍⚕️',
  'a\u0000b',
  '\u202Eevil',
  'e\u0301\u0301\u0301',
  '\uFEFF',
  '\uD800',
];
const NASTY_STRINGS = [
  '',
  ' ',
  "' OR 1=1 --",
  '"; DROP TABLE app_user; --',
  '<script>alert(1)</script>',
  '${7*7}',
  '../../etc/passwd',
  '%00',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '2027-02-30',
  '2027-13-01',
  '27/01/2027',
  '2027-01-01T25:00:00Z',
  '00000000-0000-0000-0000-00000000000g',
  '{{uuid}}',
  ...UNICODE,
];
const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  1e21,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  [null],
  {},
  { $ne: null },
  ...NASTY_STRINGS,
];
const UNKNOWN_FIELDS = [
  'id',
  'role',
  'organisationId',
  'providerId',
  'studentId',
  'status',
  'createdAt',
  'isAdmin',
  '__proto__',
  'constructor',
  'prototype',
];
const POSTCODES = ['LS6 2AB', 'SE1 7EH', 'M1 1AA', 'LS7 3JX', 'ZZ99 9ZZ', 'LS6'];

const isoDate = fc
  .date({ min: new Date('2025-01-01'), max: new Date('2032-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

type IdPool = Record<
  'placement' | 'match' | 'application' | 'round' | 'user' | 'organisation',
  string[]
>;

class Generators {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly ids: IdPool,
  ) {}

  private uuid(hint: string): fc.Arbitrary<string> {
    const lower = hint.toLowerCase();
    const pool = lower.includes('placement')
      ? this.ids.placement
      : lower.includes('match')
        ? this.ids.match
        : lower.includes('application')
          ? this.ids.application
          : lower.includes('round')
            ? this.ids.round
            : lower.includes('student') || lower.includes('user')
              ? this.ids.user
              : lower.includes('organisation') ||
                  lower.includes('provider') ||
                  lower.includes('universit')
                ? this.ids.organisation
                : [...this.ids.placement, ...this.ids.match, ...this.ids.user];
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, fc.uuid());
  }

  /** Values the schema accepts (mostly: the server's own rules, e.g. postcodes, are stricter). */
  valid(raw: Schema, hint = '', depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(this.doc, raw);
    const plain = this.validNonNull(schema, hint, depth);
    return schema.nullable ? fc.oneof({ weight: 4, arbitrary: plain }, fc.constant(null)) : plain;
  }

  private validNonNull(schema: Schema, hint: string, depth: number): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...schema.enum.filter((v) => v !== null));
    if (schema.oneOf || schema.anyOf)
      return fc.oneof(
        ...(schema.oneOf ?? schema.anyOf ?? []).map((s) => this.valid(s, hint, depth)),
      );
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    switch (type) {
      case 'string': {
        if (schema.format === 'uuid') return this.uuid(hint);
        if (schema.format === 'date') return isoDate;
        if (schema.format === 'date-time') return isoDate.map((d) => `${d}T09:00:00.000Z`);
        if (schema.format === 'email')
          return fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254));
        if (/postcode|near/i.test(hint)) return fc.constantFrom(...POSTCODES);
        if (/cursor/i.test(hint)) return fc.constantFrom('bm90LWEtY3Vyc29y', 'eyJrIjoxfQ', '!!');
        if (/token/i.test(hint)) return fc.string({ minLength: 1, maxLength: 64 });
        const max = Math.min(schema.maxLength ?? 60, 60);
        const min = Math.min(schema.minLength ?? 0, max);
        const text = fc.string({ minLength: Math.max(min, 1), maxLength: max });
        const unicode = UNICODE.filter((s) => s.length >= min && s.length <= max);
        return unicode.length
          ? fc.oneof({ weight: 3, arbitrary: text }, fc.constantFrom(...unicode))
          : text;
      }
      case 'number':
      case 'integer': {
        const min = schema.minimum ?? -10;
        const max = schema.maximum ?? 1000;
        return fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) },
          fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
        );
      }
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = schema.items ? this.valid(schema.items, hint, depth + 1) : fc.string();
        const minLength = schema.minItems ?? 0;
        return fc.array(items, {
          minLength,
          maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
        });
      }
      case 'object': {
        if (!schema.properties || depth > 4)
          // A free-form map, such as the educator's { [domain]: 1–5 }.
          return fc.dictionary(
            fc.constantFrom('communication', 'assessment', 'evaluation', 'x'),
            fc.integer({ min: 0, max: 6 }),
            {
              maxKeys: 4,
            },
          );
        const required = schema.required ?? [];
        const fields = Object.fromEntries(
          Object.entries(schema.properties).map(([name, s]) => [
            name,
            this.valid(s, name, depth + 1),
          ]),
        );
        return fc.record(fields, { requiredKeys: required.filter((name) => name in fields) });
      }
      default:
        return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
    }
  }

  /** A valid value with one thing broken: a wrong type, a bad value, an unknown or missing field. */
  mutated(raw: Schema): fc.Arbitrary<unknown> {
    const schema = resolve(this.doc, raw);
    return fc
      .tuple(
        this.valid(schema),
        fc.constantFrom('wrong', 'unknown', 'missing', 'huge', 'range', 'whole'),
        fc.nat(),
        fc.constantFrom(...WRONG_VALUES),
        fc.constantFrom(...UNKNOWN_FIELDS),
      )
      .map(([value, how, pick, wrong, unknownField]) => {
        if (how === 'whole') return wrong;
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          return how === 'huge' ? 'x'.repeat(100_000) : wrong;
        const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        const names = Object.keys(schema.properties ?? {});
        const name = names.length ? names[pick % names.length] : 'anything';
        const field = resolve(this.doc, schema.properties?.[name] ?? {});
        switch (how) {
          case 'unknown':
            if (unknownField === '__proto__')
              Object.defineProperty(copy, '__proto__', {
                value: { isAdmin: true },
                enumerable: true,
              });
            else copy[unknownField] = wrong ?? 'x';
            break;
          case 'missing':
            delete copy[(schema.required ?? [name])[pick % (schema.required?.length || 1)]];
            break;
          case 'huge':
            copy[name] = 'x'.repeat((field.maxLength ?? 50_000) + 1 + (pick % 50_000));
            break;
          case 'range':
            copy[name] =
              field.maximum !== undefined
                ? field.maximum + 1 + (pick % 3)
                : field.minimum !== undefined
                  ? field.minimum - 1 - (pick % 3)
                  : field.maxItems !== undefined
                    ? Array.from({ length: field.maxItems + 1 }, () => 'x')
                    : wrong;
            break;
          default:
            copy[name] = wrong;
        }
        return copy;
      });
  }

  /** A query, path or header parameter's value: valid, or some string that is not. */
  parameter(param: Parameter): fc.Arbitrary<string | string[] | undefined> {
    const valid = this.valid(param.schema ?? { type: 'string' }, param.name).map((v) =>
      v === null || v === undefined ? '' : String(v),
    );
    const broken = fc.oneof(
      fc.constantFrom(...NASTY_STRINGS),
      fc.string({ maxLength: 300 }),
      fc.constant('x'.repeat(5000)),
      fc.tuple(valid, valid).map(([a, b]) => [a, b]),
    );
    const options: fc.Arbitrary<string | string[] | undefined>[] = [valid, valid, broken];
    if (!param.required || param.in !== 'path') options.push(fc.constant(undefined));
    return fc.oneof(...options);
  }

  csv(schema: Schema): fc.Arbitrary<string> {
    const example = typeof schema.example === 'string' ? schema.example : 'a,b\n1,2';
    const [header] = example.split('\n');
    const cell = fc.oneof(
      fc.constantFrom(...NASTY_STRINGS),
      fc.string({ maxLength: 20 }),
      fc.constant('"quoted,"",cell"'),
    );
    const row = fc
      .array(cell, { minLength: 1, maxLength: header.split(',').length + 2 })
      .map((cells) => cells.join(','));
    return fc.oneof(
      fc.constant(example),
      fc.array(row, { maxLength: 5 }).map((rows) => [header, ...rows].join('\n')),
      fc
        .array(row, { maxLength: 5 })
        .map((rows) => [`${header},role,organisationId`, ...rows].join('\r\n')),
      fc.string({ maxLength: 200 }),
      fc.constant(''),
      fc.constant('\uFEFF' + example),
    );
  }
}

/** A path parameter as sent: percent-encoded, or (for text that cannot be) bytes that are not UTF-8. */
function pathSegment(value: string): string {
  // '.' and '..' would be resolved away by the URL, reaching a different route.
  if (/^\.{1,2}$/.test(value)) return value.replace(/\./g, '%2E');
  try {
    return encodeURIComponent(value || 'x');
  } catch {
    return '%ED%A0%80'; // a lone surrogate, encoded as the invalid UTF-8 it would be
  }
}

// ---- the suite ---------------------------------------------------------------------------------

interface Sent {
  role: Role | 'anonymous';
  method: string;
  url: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
  /** Why the documented request schema rejects the body, if it does. */
  bodyInvalid: string | null;
}

function describeSent(sent: Sent): string {
  const body = sent.body === undefined ? '' : ` body=${JSON.stringify(sent.body)?.slice(0, 400)}`;
  return `${sent.role}: ${sent.method} ${sent.url} query=${JSON.stringify(sent.query ?? {})}${body}`;
}

describe('OpenAPI-driven fuzzing: every operation, valid and broken input', () => {
  let t: TestApp;
  let w: AttackWorld;
  let doc: OpenApiDocument;
  let routes: Route[];
  let responses: SchemaValidator;
  let requests: SchemaValidator;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await buildAttackWorld(t);
    routes = routeTable(t);
    doc = (await t.get<OpenApiDocument>('/api/openapi.json')).body;
    responses = new SchemaValidator(doc, true);
    requests = new SchemaValidator(doc, true);
    console.info(
      `OpenAPI fuzzing: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}${ONLY ? ` FUZZ_OP=${ONLY}` : ''}`,
    );
  }, 120_000);
  afterAll(() => t.close());

  function tokenFor(role: Role | 'anonymous'): string | undefined {
    if (role === 'anonymous') return undefined;
    return w.tokenOf(role);
  }

  function problemsWith(operation: Operation, sent: Sent, reply: Reply): string[] {
    const problems: string[] = [];
    if (reply.status >= 500) return [`answered ${reply.status}: ${reply.text.slice(0, 300)}`];
    if (reply.status >= 400) {
      const shape = errorShapeProblem(reply);
      if (shape) problems.push(`${reply.status} not in the error shape: ${shape}`);
      return problems;
    }
    if (reply.status >= 300) return problems;
    if (sent.bodyInvalid)
      problems.push(
        `accepted (${reply.status}) a body its own schema rejects: ${sent.bodyInvalid}`,
      );
    const documented = operation.responses[String(reply.status)];
    if (!documented) {
      problems.push(`answered ${reply.status}, which the document does not list`);
      return problems;
    }
    const type = String(reply.headers['content-type'] ?? '');
    if (type.includes('json')) {
      const schema = documented.content?.['application/json']?.schema;
      if (!schema) problems.push(`a JSON ${reply.status} body the document does not describe`);
      else {
        const invalid = responses.problems(schema, reply.body);
        if (invalid) problems.push(`${reply.status} body does not fit its schema: ${invalid}`);
      }
    } else if (reply.text) {
      const mediaType = type.split(';')[0].trim();
      if (!documented.content?.[mediaType])
        problems.push(
          `a ${mediaType || 'typeless'} ${reply.status} body the document does not describe`,
        );
    }
    return problems;
  }

  it('finds no server error, malformed error or undocumented response in any operation', async () => {
    const ids: IdPool = {
      placement: [
        w.own.publishedPlacement,
        w.own.draftPlacement,
        w.other.publishedPlacement,
        w.other.draftPlacement,
      ],
      match: [w.own.proposedMatch, w.own.approvedMatch, w.own.reviewedMatch, w.other.approvedMatch],
      application: [w.own.application, w.other.application],
      round: [w.own.round, w.other.round],
      user: [
        w.own.student.id,
        w.own.placedStudent.id,
        w.own.reviewedStudent.id,
        w.own.invited.id,
        w.other.student.id,
      ],
      organisation: [w.own.university, w.own.providerOrg, w.other.university, w.other.providerOrg],
    };
    const gen = new Generators(doc, ids);
    const failures: string[] = [];
    let operations = 0;
    let sentCount = 0;

    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (ONLY && !key.includes(ONLY)) continue;
        const route = routes.find(
          (r) => r.method === method.toUpperCase() && r.path === path.replace(/\{(\w+)\}/g, ':$1'),
        );
        if (!route) {
          failures.push(`${key}: in the OpenAPI document but not served`);
          continue;
        }
        operations++;
        const roles = allowedRoles(route);
        const role =
          roles === 'public'
            ? fc.constant<Role | 'anonymous'>('anonymous')
            : fc.constantFrom<Role | 'anonymous'>(...roles);
        const params = operation.parameters ?? [];
        const paramArbs = Object.fromEntries(
          params.map((p) => [`${p.in}:${p.name}`, gen.parameter(p)]),
        );
        const content = operation.requestBody?.content ?? {};
        const jsonSchema = content['application/json']?.schema;
        const csvSchema = content['text/csv']?.schema;
        const body: fc.Arbitrary<{ value: unknown; csv: boolean } | undefined> = jsonSchema
          ? fc.oneof(
              gen.valid(jsonSchema).map((value) => ({ value, csv: false })),
              gen.mutated(jsonSchema).map((value) => ({ value, csv: false })),
            )
          : csvSchema
            ? gen.csv(csvSchema).map((value) => ({ value, csv: true }))
            : fc.oneof(fc.constant(undefined), fc.constant({ value: {}, csv: false }));

        const property = fc.asyncProperty(
          role,
          fc.record(paramArbs),
          body,
          async (who, values, payload) => {
            let url = path;
            const query: Record<string, string | string[]> = {};
            const headers: Record<string, string> = {};
            for (const p of params) {
              const value = values[`${p.in}:${p.name}`];
              if (value === undefined) continue;
              const one = Array.isArray(value) ? value[0] : value;
              if (p.in === 'path') url = url.replace(`{${p.name}}`, pathSegment(one));
              else if (p.in === 'query') query[p.name] = value;
              else if (p.in === 'header' && /^[\t\x20-\x7e]*$/.test(one))
                headers[p.name.toLowerCase()] = one;
            }
            url = url.replace(/\{\w+\}/g, 'x');
            let sentBody: unknown;
            let bodyInvalid: string | null = null;
            if (payload) {
              if (payload.csv) {
                headers['content-type'] = 'text/csv';
                sentBody = payload.value;
              } else {
                headers['content-type'] = 'application/json';
                sentBody = JSON.stringify(payload.value);
                if (jsonSchema) bodyInvalid = requests.problems(jsonSchema, payload.value);
              }
            }
            const sent: Sent = {
              role: who,
              method: method.toUpperCase(),
              url,
              query,
              headers,
              body: payload?.value,
              bodyInvalid,
            };
            const reply = await t.call(sent.method as 'GET', url, {
              token: tokenFor(who),
              query: query as Record<string, string>,
              headers,
              body: sentBody,
            });
            sentCount++;
            const problems = problemsWith(operation, sent, reply);
            if (problems.length)
              throw new Error(`${problems.join('; ')}\n    sent ${describeSent(sent)}`);
          },
        );
        const seed = seedFor(key);
        const result = await fc.check(property, {
          seed,
          numRuns: RUNS,
          endOnFailure: !process.env.FUZZ_SHRINK,
          ...(PATH ? { path: PATH } : {}),
        });
        if (result.failed) {
          const error =
            result.errorInstance instanceof Error
              ? result.errorInstance.message
              : String(result.errorInstance);
          failures.push(
            `${key} (replay: FUZZ_SEED=${SEED} FUZZ_OP="${key}" FUZZ_PATH=${result.counterexamplePath}; seed ${seed})\n    ${error}`,
          );
        }
      }
    }
    console.info(
      `OpenAPI fuzzing: ${operations} operations, ${sentCount} requests, ${failures.length} failing`,
    );
    expect(operations).toBeGreaterThan(ONLY ? 0 : 60);
    expect(failures).toEqual([]);
  }, 600_000);
});
