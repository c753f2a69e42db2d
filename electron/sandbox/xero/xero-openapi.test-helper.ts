import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Test support: validates simulator responses against the response schemas of Xero's OpenAPI document, read at
 * test time from `../shared/apis/` beside the repository (never copied in). When the document is absent (a user's
 * clone), `XERO_SPEC_PATH` is undefined and the conformance suites skip themselves with the reason.
 */
const here = dirname(fileURLToPath(import.meta.url));
const candidate = resolve(here, '../../../../shared/apis/xero_accounting.yaml');

/** Absolute path of the spec, or undefined when it is not there. */
export const XERO_SPEC_PATH: string | undefined = existsSync(candidate) ? candidate : undefined;

/** Why the conformance tests are skipped (for the console note). */
export const XERO_SPEC_SKIP_REASON = `Xero OpenAPI document not found at ${candidate}; spec-conformance tests skipped`;

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

let cached: { ajv: Ajv; ops: Map<string, Operation> } | undefined;

function load(): { ajv: Ajv; ops: Map<string, Operation> } {
  if (cached) return cached;
  if (!XERO_SPEC_PATH) throw new Error(XERO_SPEC_SKIP_REASON);
  const doc = parse(readFileSync(XERO_SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };
  // OpenAPI 3.0 quirks: `nullable`, `x-*` and `example` keywords, formats like "double" — hence strict:false
  // and no-op formats for the numeric/binary ones.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const f of ['double', 'float', 'int32', 'int64', 'byte', 'binary', 'decimal']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: 'xero', components: doc.components }, 'xero');
  const ops = new Map<string, Operation>();
  for (const [, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op && typeof op === 'object' && 'operationId' in op && op.operationId) ops.set(op.operationId, op);
    }
  }
  cached = { ajv, ops };
  return cached;
}

/** The validator of an operation's response (`status` default 200). */
export function responseValidator(operationId: string, status = '200'): ValidateFunction {
  const { ajv, ops } = load();
  const op = ops.get(operationId);
  if (!op) throw new Error(`operation ${operationId} not in the spec`);
  const ref = op.responses?.[status]?.content?.['application/json']?.schema?.$ref;
  if (!ref) throw new Error(`operation ${operationId} has no JSON schema for ${status}`);
  const v = ajv.getSchema(`xero${ref}`);
  if (!v) throw new Error(`cannot compile ${ref}`);
  return v;
}

/** The validator of a named component schema (e.g. `Error`). */
export function schemaValidator(name: string): ValidateFunction {
  const { ajv } = load();
  const v = ajv.getSchema(`xero#/components/schemas/${name}`);
  if (!v) throw new Error(`no schema ${name}`);
  return v;
}

/** Validates and returns a readable error list (empty when valid). */
export function schemaErrors(v: ValidateFunction, body: unknown): string[] {
  if (v(body)) return [];
  return (v.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
