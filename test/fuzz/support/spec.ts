/**
 * The operations the fuzz suite drives, read from the gateway's own /openapi.json: each with its
 * parameters and body schema (what to generate) and its documented responses (what every answer
 * must fit, checked with Ajv).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

export type Dialect = 'v4' | 'v3' | 'oauth';
export type Part = 'path' | 'query' | 'header';

export interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly propertyNames?: Schema;
  readonly maxProperties?: number;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly default?: unknown;
}

export interface Parameter {
  readonly name: string;
  readonly in: Part;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly method: string;
  /** As documented: `/charges/{id}`. */
  readonly path: string;
  /** `GET /charges/{id}`: the key of the official v4 schemas too. */
  readonly key: string;
  readonly dialect: Dialect;
  readonly authenticated: boolean;
  readonly parameters: readonly Parameter[];
  readonly body?: Schema;
  readonly bodyRequired: boolean;
  /** The 200 is a never-ending event stream: only requests refused before it opens are sent. */
  readonly streams: boolean;
  readonly statuses: ReadonlySet<number>;
  /** Validates a JSON answer against the documented schema for `status`; undefined when it fits. */
  check(status: number, body: unknown): string | undefined;
}

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

interface RawOperation {
  parameters?: { name: string; in: Part; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
  security?: unknown[];
}

export async function loadOperations(app: FastifyInstance): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, RawOperation>>;
  }>();
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [lower, raw] of Object.entries(methods)) {
      const method = lower.toUpperCase();
      const validators = new Map<number, ValidateFunction | undefined>();
      for (const [status, response] of Object.entries(raw.responses)) {
        const schema = response.content?.['application/json']?.schema;
        validators.set(Number(status), schema ? ajv.compile(schema) : undefined);
      }
      const dialect: Dialect = path.startsWith('/v3/') ? 'v3' : path.endsWith('/token') ? 'oauth' : 'v4';
      operations.push({
        method,
        path,
        key: `${method} ${path}`,
        dialect,
        authenticated: raw.security !== undefined,
        parameters: (raw.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? p.in === 'path',
          schema: p.schema,
        })),
        ...(raw.requestBody?.content?.['application/json'] && {
          body: raw.requestBody.content['application/json'].schema,
        }),
        bodyRequired: raw.requestBody?.required === true,
        streams: raw.responses['200']?.content?.['text/event-stream'] !== undefined,
        statuses: new Set(validators.keys()),
        check(status, body) {
          const validate = validators.get(status);
          if (!validate || validate(body)) return undefined;
          return ajv.errorsText(validate.errors, { separator: '; ' });
        },
      });
    }
  }
  return operations;
}
