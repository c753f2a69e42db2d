import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Test support: validates Visma.net simulator responses against spec D (Visma.net ERP API, OpenAPI 3.0), read at
 * test time from `../shared/apis/` (never copied in). OpenAPI 3.0's `nullable` is turned into a JSON Schema type
 * union before compiling. When the document is absent, `VN_SPEC_PATH` is undefined and the suites skip.
 */
const here = dirname(fileURLToPath(import.meta.url));
const candidate = resolve(here, '../../../../shared/apis/visma-net-erp-v1.openapi.json');

/** Absolute path of the document, or undefined when it is not there. */
export const VN_SPEC_PATH: string | undefined = existsSync(candidate) ? candidate : undefined;

/** Why the conformance tests are skipped. */
export const VN_SPEC_SKIP_REASON = `Visma.net OpenAPI document not found at ${candidate}; spec-conformance tests skipped`;

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let cached: { ajv: Ajv; ops: Map<string, Operation> } | undefined;

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a type union with null. */
function denull(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(denull);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = denull(v);
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function load() {
  if (cached) return cached;
  if (!VN_SPEC_PATH) throw new Error(VN_SPEC_SKIP_REASON);
  const doc = JSON.parse(readFileSync(VN_SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const f of ['double', 'float', 'int32', 'int64', 'byte', 'binary', 'decimal']) ajv.addFormat(f, true);
  // Visma.net writes local date-times without an offset (visma-notes.md §2.9, UNVERIFIED format).
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/i);
  ajv.addSchema({ $id: 'vn', components: denull(doc.components) as object }, 'vn');
  const ops = new Map<string, Operation>();
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item))
      if (op && typeof op === 'object' && op.operationId) ops.set(op.operationId, op);
  cached = { ajv, ops };
  return cached;
}

/** The validator of an operation's JSON response (`status` default 200). */
export function vnResponseValidator(operationId: string, status = '200'): ValidateFunction {
  const { ajv, ops } = load();
  const op = ops.get(operationId);
  if (!op) throw new Error(`operation ${operationId} not in the spec`);
  const schema = op.responses?.[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`operation ${operationId} has no JSON schema for ${status}`);
  const rewrite = (s: unknown): unknown =>
    JSON.parse(JSON.stringify(s).replace(/"#\/components/g, '"vn#/components'));
  return ajv.compile(rewrite(denull(schema)) as object);
}

/** Validates and returns a readable error list (empty when valid). */
export function vnSchemaErrors(v: ValidateFunction, body: unknown): string[] {
  if (v(body)) return [];
  return (v.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
