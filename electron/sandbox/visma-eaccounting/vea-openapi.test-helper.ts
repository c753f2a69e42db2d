import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Test support: validates eAccounting simulator responses against the response schemas of the eAccounting v2
 * OpenAPI 3.1 document (JSON Schema 2020-12), read at test time from `../shared/apis/` beside the repository
 * (never copied in). When it is absent, `VEA_SPEC_PATH` is undefined and the suites skip with the reason.
 */
const here = dirname(fileURLToPath(import.meta.url));
const candidate = resolve(here, '../../../../shared/apis/visma-eaccounting-v2.openapi.yaml');

/** Absolute path of the document, or undefined when it is not there. */
export const VEA_SPEC_PATH: string | undefined = existsSync(candidate) ? candidate : undefined;

/** Why the conformance tests are skipped. */
export const VEA_SPEC_SKIP_REASON = `eAccounting OpenAPI document not found at ${candidate}; spec-conformance tests skipped`;

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;

let cached: { ajv: Ajv2020; paths: Record<string, Record<string, { responses?: Responses }>> } | undefined;

function load() {
  if (cached) return cached;
  if (!VEA_SPEC_PATH) throw new Error(VEA_SPEC_SKIP_REASON);
  const doc = parse(readFileSync(VEA_SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Responses }>>;
    components: { schemas: Record<string, unknown> };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const f of ['double', 'float', 'int32', 'int64', 'byte', 'binary', 'decimal']) ajv.addFormat(f, true);
  // .NET writes DateTime values of kind Unspecified without an offset (`2026-03-01T00:00:00`); RFC 3339 requires
  // one, so the check here is ISO 8601 with an optional offset.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/i);
  ajv.addSchema({ $id: 'vea', components: doc.components }, 'vea');
  cached = { ajv, paths: doc.paths };
  return cached;
}

/** The validator of an operation's JSON response, by spec path (`/customers/{customerId}`), method and status. */
export function veaResponseValidator(method: string, path: string, status = '200'): ValidateFunction {
  const { ajv, paths } = load();
  const op = paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the spec`);
  const schema = op.responses?.[status]?.content?.['application/json']?.schema as
    { $ref?: string } | undefined;
  if (!schema) throw new Error(`${method} ${path} has no JSON schema for ${status}`);
  if (schema.$ref) {
    const v = ajv.getSchema(`vea${schema.$ref}`);
    if (!v) throw new Error(`cannot compile ${schema.$ref}`);
    return v;
  }
  return ajv.compile(
    JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"vea#/components')) as object,
  );
}

/** The validator of a component schema (e.g. `CommonExtendedBadRequest`). */
export function veaSchemaValidator(name: string): ValidateFunction {
  const v = load().ajv.getSchema(`vea#/components/schemas/${name}`);
  if (!v) throw new Error(`no schema ${name}`);
  return v;
}

/** Validates and returns a readable error list (empty when valid). */
export function veaSchemaErrors(v: ValidateFunction, body: unknown): string[] {
  if (v(body)) return [];
  return (v.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
