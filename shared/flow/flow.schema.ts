import { z } from 'zod';
import { systemIds } from '../connectors/connector-descriptor';

/**
 * The flow file (ARCHITECTURE.md §3): the document a user exports, imports and edits on the canvas.
 * Strict everywhere: an unknown key is a problem, so a typo never silently disappears.
 */

/** The `format` marker of every flow file. */
export const FLOW_FORMAT = 'ledgerflow.flow';
/** The version this Ledgerflow writes. Older files migrate forward; newer ones are refused. */
export const FLOW_VERSION = 1;

/** Hard limits that keep a hostile or broken file from exhausting memory or time. */
export const flowLimits = {
  fileBytes: 5 * 1024 * 1024,
  nameChars: 200,
  textChars: 2_000,
  expressionChars: 10_000,
  idChars: 64,
  nodes: 1_000,
  edges: 5_000,
  mappedFields: 500,
  tableRows: 5_000,
  conditionDepth: 8,
  jsonDepth: 64,
} as const;

const id = z
  .string()
  .min(1)
  .max(flowLimits.idChars)
  .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'may use only letters, digits and . _ : -' });
const text = z.string().max(flowLimits.textChars);
const name = z.string().trim().min(1, { error: 'must not be empty' }).max(flowLimits.nameChars);
const fieldName = z.string().min(1).max(200);
const expression = z.string().max(flowLimits.expressionChars);
const scalar = z.union([z.string().max(flowLimits.textChars), z.number(), z.boolean(), z.null()]);

/** A reference to a connection, by its key in the file's `connections` map. */
const connectionRef = z.string().min(1).max(flowLimits.idChars);

/** A connection as the file knows it: which system, and a label to help the user bind it on import. */
export const connectionRefSchema = z.strictObject({
  system: z.enum(systemIds),
  label: text.optional(),
});

const position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

/** Operators of the filter condition builder. */
export const conditionOps = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'contains',
  'startsWith',
  'in',
  'exists',
  'notExists',
] as const;

/** One condition: `field op value`. */
export const conditionSchema = z.strictObject({
  field: fieldName,
  op: z.enum(conditionOps),
  value: z.union([scalar, z.array(scalar).max(1_000)]).optional(),
});

/** A condition or a nested group. Depth is checked separately (see graph checks) to bound recursion. */
export type ConditionOrGroup = z.infer<typeof conditionSchema> | ConditionGroup;
/** `all` = every condition holds, `any` = at least one does. */
export type ConditionGroup = { all: ConditionOrGroup[] } | { any: ConditionOrGroup[] };

const conditionList: z.ZodType<ConditionOrGroup[]> = z.lazy(() => z.array(conditionOrGroup).max(200));
const conditionGroup: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.union([z.strictObject({ all: conditionList }), z.strictObject({ any: conditionList })]),
);
const conditionOrGroup: z.ZodType<ConditionOrGroup> = z.lazy(() =>
  z.union([conditionSchema, conditionGroup]),
);

/** Source: reads one entity from a connection. */
export const sourceConfigSchema = z.strictObject({
  connection: connectionRef.optional(),
  entity: z.string().max(100).optional(),
  filter: z.record(fieldName, z.union([scalar, z.array(scalar).max(1_000)])).optional(),
});

/**
 * What a destination does with a record that changed on both sides since the last sync (docs/engine.md,
 * "Two-way flows and conflicts"): the side changed last wins, the incoming record wins, the destination's own
 * version is kept, or neither is touched and the plan says so. With a policy set, a destination record edited
 * since the last sync is never overwritten by a source record that has not changed since. Required on both
 * destinations of a two-way flow.
 */
export const conflictPolicies = ['newest-wins', 'prefer-source', 'prefer-destination', 'skip'] as const;

/** One conflict policy. */
export type ConflictPolicy = (typeof conflictPolicies)[number];

/** Destination: matches and writes one entity at a connection. */
export const destinationConfigSchema = z.strictObject({
  connection: connectionRef.optional(),
  entity: z.string().max(100).optional(),
  match: z.array(fieldName).max(10).optional(),
  onExisting: z.enum(['update', 'skip']).optional(),
  createOnlyFields: z.array(fieldName).max(500).optional(),
  conflictPolicy: z.enum(conflictPolicies).optional(),
});

/** Mapper: a JSONata expression per target field. */
export const mapperConfigSchema = z.strictObject({
  fields: z.record(fieldName, expression),
  keepUnmapped: z.boolean().optional(),
});

/** Filter: a condition list built in the UI, or one JSONata predicate. */
export const filterConfigSchema = z.union([
  z.strictObject({ all: conditionList }),
  z.strictObject({ any: conditionList }),
  z.strictObject({ expression }),
]);

/** Lookup: resolve a reference in the other system (e.g. a Visma customer's Xero ContactID). */
export const lookupConfigSchema = z.strictObject({
  connection: connectionRef.optional(),
  entity: z.string().max(100).optional(),
  from: fieldName.optional(),
  matchOn: fieldName.optional(),
  into: fieldName.optional(),
  onMissing: z.enum(['fail', 'skip', 'empty']).optional(),
});

/** Value map: a two-column table (e.g. Visma VAT code ↔ Xero TaxType) and what to do with unmapped values. */
export const valueMapConfigSchema = z.strictObject({
  field: fieldName.optional(),
  into: fieldName.optional(),
  table: z.array(z.strictObject({ from: text, to: text })).max(flowLimits.tableRows),
  unmapped: z.enum(['fail', 'pass', 'default']),
  default: text.optional(),
});

const nodeBase = {
  id,
  label: name.optional(),
  position,
};

/** A node: a discriminated union on `type`, each with its own config. */
export const flowNodeSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...nodeBase, type: z.literal('source'), config: sourceConfigSchema }),
  z.strictObject({ ...nodeBase, type: z.literal('destination'), config: destinationConfigSchema }),
  z.strictObject({ ...nodeBase, type: z.literal('mapper'), config: mapperConfigSchema }),
  z.strictObject({ ...nodeBase, type: z.literal('filter'), config: filterConfigSchema }),
  z.strictObject({ ...nodeBase, type: z.literal('lookup'), config: lookupConfigSchema }),
  z.strictObject({ ...nodeBase, type: z.literal('value-map'), config: valueMapConfigSchema }),
]);

/** An edge: records flow from `source` to `target`. */
export const flowEdgeSchema = z.strictObject({
  id,
  source: id,
  target: id,
});

/** The whole flow file at the current version. */
export const flowSchema = z.strictObject({
  format: z.literal(FLOW_FORMAT),
  version: z.literal(FLOW_VERSION),
  id,
  name,
  description: text.optional(),
  mode: z.enum(['shadow', 'live']),
  schedule: z
    .strictObject({ everyMinutes: z.int().min(5).max(1_440) })
    .nullable()
    .optional(),
  connections: z.record(connectionRef, connectionRefSchema),
  nodes: z.array(flowNodeSchema).max(flowLimits.nodes),
  edges: z.array(flowEdgeSchema).max(flowLimits.edges),
});

/** A flow at the current version. */
export type Flow = z.infer<typeof flowSchema>;
/** One node of a flow. */
export type FlowNode = z.infer<typeof flowNodeSchema>;
/** One node type. */
export type FlowNodeType = FlowNode['type'];
/** One edge of a flow. */
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
