import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.0 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const DOC_ONLY = new Set([
  'nullable',
  'example',
  'examples',
  'enumName',
  'description',
  'deprecated',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'discriminator',
]);

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes "or null", `$ref`s point into
 * the `openapi` schema registered with ajv, and (with `closed`) an object that lists its
 * properties admits no others, since the API refuses unknown fields and a response field nobody
 * documented is a contract break too.
 */
export function toJsonSchema(schema: Schema, closed: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_ONLY.has(key)) continue;
    if (key === '$ref')
      out.$ref = (value as string).replace('#/components/schemas/', 'openapi#/definitions/');
    else if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([name, s]) => [
          name,
          toJsonSchema(s, closed),
        ]),
      );
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object'))
      out[key] = toJsonSchema(value as Schema, closed);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      out[key] = (value as Schema[]).map((s) => toJsonSchema(s, closed));
    else out[key] = value;
  }
  if (closed && schema.properties && schema.additionalProperties === undefined)
    out.additionalProperties = false;
  if (schema.nullable) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** ajv with the document's component schemas registered, compiling (and caching) validators. */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument, closed = true) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('password', true);
    this.ajv.addSchema({
      $id: 'openapi',
      definitions: Object.fromEntries(
        Object.entries(document.components.schemas).map(([name, s]) => [
          name,
          toJsonSchema(s, closed),
        ]),
      ),
    });
    this.closed = closed;
  }

  private readonly closed: boolean;

  /** Null when `value` fits `schema`, otherwise ajv's complaints. */
  problems(schema: Schema, value: unknown): string | null {
    const key = JSON.stringify(schema);
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, this.closed));
      this.cache.set(key, validate);
    }
    if (validate(value)) return null;
    return this.ajv.errorsText(validate.errors, { separator: '; ' });
  }
}

/** Follows `$ref`s and flattens Nest's single-`allOf` wrappers into one schema. */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const { $ref: _ref, ...rest } = schema;
    return resolve(document, { ...document.components.schemas[name], ...rest });
  }
  if (schema.allOf?.length) {
    const { allOf, ...rest } = schema;
    const merged = allOf.reduce<Schema>((all, part) => {
      const r = resolve(document, part);
      return {
        ...all,
        ...r,
        properties: { ...(all.properties ?? {}), ...(r.properties ?? {}) },
        required: [...(all.required ?? []), ...(r.required ?? [])],
      };
    }, {});
    if (!merged.properties || !Object.keys(merged.properties).length) delete merged.properties;
    if (!merged.required?.length) delete merged.required;
    return { ...merged, ...rest };
  }
  return schema;
}
