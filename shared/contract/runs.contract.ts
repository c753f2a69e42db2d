import { z } from 'zod';
import { errorEnvelopeSchema } from '../errors/ledgerflow-error';
import { systemIds } from '../connectors/connector-descriptor';
import { flowLimits } from '../flow/flow.schema';
import { entityNames } from '../records/entities';
import { defineCall, defineEvent } from './contract-kit';

const flowId = z.string().min(1).max(flowLimits.idChars);
const runId = z.string().min(1).max(100);
const iso = z.iso.datetime({ offset: true });

/** Shadow stops after the plan; live executes it. */
export const runModeSchema = z.enum(['shadow', 'live']);
/**
 * Where a run is; `planning` and `executing` are unfinished (resumed after a crash). `awaiting-confirmation`: an
 * apply run found records that changed since the reviewed plan and waits for the user to confirm them.
 */
export const runStatusSchema = z.enum([
  'planning',
  'awaiting-confirmation',
  'executing',
  'succeeded',
  'failed',
  'cancelled',
]);
/** What the plan decided for a record. */
export const planActionSchema = z.enum(['create', 'update', 'unchanged', 'skip', 'invalid']);
/**
 * Where a planned record is in execution: `none` for actions that send nothing; `held` for a write of an apply run
 * that changed since the reviewed plan and waits for the user's confirmation.
 */
export const planItemStatusSchema = z.enum(['planned', 'inflight', 'done', 'dead', 'none', 'held']);

const count = z.int().nonnegative();
/** Records per plan action: in a run's counts, a destination's summary and a node's counts. */
const actionCounts = { create: count, update: count, unchanged: count, skip: count, invalid: count };

/** A run's progress counts. */
export const runCountsSchema = z.object({
  /** Source records read so far. */
  read: count,
  ...actionCounts,
  /** Operations written successfully so far. */
  written: z.int().nonnegative(),
  deadLetters: z.int().nonnegative(),
  /** API calls per system. */
  apiCalls: z.record(z.string(), z.int().nonnegative()),
});

/** A run as the runs list and the progress bar show it. */
export const runSummarySchema = z.object({
  id: runId,
  flowId,
  flowName: z.string(),
  mode: runModeSchema,
  /** A run of the flow, a retry of dead letters, or the application of a reviewed shadow plan. */
  kind: z.enum(['run', 'retry', 'apply']),
  /** Started by the user, or by the flow's schedule. */
  trigger: z.enum(['manual', 'schedule']),
  /** For an apply run: the shadow run whose plan it applies. */
  planOf: runId.optional(),
  status: runStatusSchema,
  counts: runCountsSchema,
  startedAt: iso,
  updatedAt: iso,
  finishedAt: iso.optional(),
  error: errorEnvelopeSchema.optional(),
});

/** One field's change in the shadow diff. */
export const fieldChangeSchema = z.object({
  field: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

/** An amount as a decimal string ("1234.50", "-0.01"); money is never a float (ARCHITECTURE §4). */
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

/** Why a planned record asks for a second look before it is applied. */
export const planFlagKindSchema = z.enum(['possible-duplicate', 'rounding']);

/** A flag on a planned record, with its explanation for a bookkeeper. */
export const planFlagSchema = z.object({
  kind: planFlagKindSchema,
  message: z.string(),
  /** A possible duplicate: the look-alike already at the destination (its id and number or name). */
  existingId: z.string().optional(),
  existingLabel: z.string().optional(),
  /** A rounding difference: the total the source states and the one the destination would compute. */
  sourceTotal: decimalString.optional(),
  destinationTotal: decimalString.optional(),
  /** destination − source. */
  difference: decimalString.optional(),
});

/** Money of one tax code: net, tax and gross. */
export const planMoneyLineSchema = z.object({
  /** Absent: lines without a tax code (the destination applies its item's or account's default). */
  taxCode: z.string().optional(),
  /** Percent; absent when not known. */
  rate: decimalString.optional(),
  net: decimalString,
  tax: decimalString,
  gross: decimalString,
});

/** What the destination would book for one record, by its own rounding rules. */
export const planMoneySchema = z.object({
  /** ISO 4217; empty when the record names none (the destination's base currency). */
  currency: z.string(),
  net: decimalString,
  tax: decimalString,
  gross: decimalString,
  byTax: z.array(planMoneyLineSchema),
  /** Each line's amount as the destination would work it out (null: a text row), in the record's line order. */
  lines: z
    .array(z.object({ net: decimalString, tax: decimalString, rate: decimalString.optional() }).nullable())
    .optional(),
  /** Some line's tax rate was not known: its tax is counted as 0. */
  isTaxIncomplete: z.boolean().optional(),
});

/** Money to be created or changed for one action, currency and (for `byTax`) tax code. */
export const planMoneyTotalSchema = planMoneyLineSchema.extend({
  action: z.enum(['create', 'update']),
  currency: z.string(),
  /** Records counted (with lines of this tax code, or in this currency). */
  records: z.int().nonnegative(),
});

/** One destination node of a run's plan, summed up. */
export const planDestinationSummarySchema = z.object({
  destNode: z.string(),
  /** The node's label, else its id. */
  destLabel: z.string(),
  entity: z.enum(entityNames),
  system: z.enum(systemIds).optional(),
  /** The user's connection the run writes to (its name comes from `connections.list`). */
  connectionId: z.string().optional(),
  /** The connection's name in the flow file. */
  connectionLabel: z.string().optional(),
  actions: z.object(actionCounts),
  statuses: z.object({ planned: count, inflight: count, done: count, dead: count, none: count, held: count }),
  /** Records flagged, per flag and in all (a record may carry both). */
  flagged: z.object({
    possibleDuplicate: z.int().nonnegative(),
    rounding: z.int().nonnegative(),
    any: z.int().nonnegative(),
  }),
  /** Money per action, currency and tax code. */
  byTax: z.array(planMoneyTotalSchema),
  /** Money per action and currency (document totals). */
  totals: z.array(planMoneyTotalSchema.omit({ taxCode: true, rate: true })),
  /** Records to write whose tax could not be worked out for every line. */
  incompleteTax: z.int().nonnegative(),
});

/** How a plan page is ordered. */
export const planOrderSchema = z.strictObject({
  by: z.enum(['plan', 'record', 'action', 'changes', 'amount', 'flags']),
  descending: z.boolean().default(false),
});

/** One planned record at one destination. */
export const planItemSchema = z.object({
  seq: z.int().positive(),
  destNode: z.string(),
  entity: z.enum(entityNames),
  sourceNode: z.string(),
  recordKey: z.string(),
  action: planActionSchema,
  reason: z.string().optional(),
  targetId: z.string().optional(),
  diff: z.array(fieldChangeSchema).optional(),
  status: planItemStatusSchema,
  resultId: z.string().optional(),
  /** How a bookkeeper recognises the record: its number or name; `subtitle`: contact, date and the like. */
  label: z.string().optional(),
  subtitle: z.string().optional(),
  flags: z.array(planFlagSchema).optional(),
  /** What the destination would book (creates and updates of documents and payments). */
  money: planMoneySchema.optional(),
  /** The whole record as the destination would hold it after a create or update (also invalid ones). */
  record: z.record(z.string(), z.unknown()).optional(),
  /** Fields an update changes (or a skip left different); 0 for the others. */
  changeCount: z.int().nonnegative(),
});

/** A record that could not be written, kept with what is needed to retry it. */
export const deadLetterSchema = z.object({
  id: z.string(),
  runId,
  flowId,
  destNode: z.string(),
  sourceNode: z.string(),
  entity: z.enum(entityNames),
  recordKey: z.string(),
  action: z.enum(['create', 'update']),
  /** An update's record in the destination: its id there. */
  targetId: z.string().optional(),
  /** How the destination knew that record before the write ("Nordvik Bygg AB · C10198"). */
  targetLabel: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
  code: z.string(),
  message: z.string(),
  apiMessage: z.string().optional(),
  attempts: z.int().nonnegative(),
  status: z.enum(['open', 'retried', 'discarded']),
  /** Why the user discarded it. */
  discardReason: z.string().optional(),
  createdAt: iso,
  /** When it was retried or discarded. */
  closedAt: iso.optional(),
});

/** One line of a run's log. */
export const logLineSchema = z.object({
  runId,
  flowId,
  seq: z.int().positive(),
  at: iso,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  kind: z.string(),
  node: z.string().optional(),
  recordKey: z.string().optional(),
  message: z.string(),
});

/** What one node of the flow did in a run (shown on the canvas). */
export const nodeCountsSchema = z.object({
  node: z.string(),
  /** Records that left this node (a source: read; a filter: passed; a destination: planned). */
  out: count,
  ...actionCounts,
  written: count,
  dead: count,
});

/** A flow's schedule on this machine. */
export const scheduleSchema = z.object({
  flowId,
  /** null: not scheduled. */
  everyMinutes: z.int().positive().nullable(),
  /** The shortest interval the flow's APIs' limits allow. */
  minimumMinutes: z.int().positive(),
  nextRunAt: iso.optional(),
});

const deadLetterIds = z.array(z.string().min(1).max(100)).min(1).max(10_000);

/** Calls on runs: start, cancel, watch, inspect the plan, handle dead letters. */
export const runsCalls = {
  'runs.start': defineCall({
    summary:
      'Starts a run of a saved flow in the background: shadow (plan and diff only) or live (executes the plan).',
    input: z.strictObject({ flowId, mode: runModeSchema }),
    output: z.object({ runId }),
  }),
  'runs.cancel': defineCall({
    summary: 'Cancels a run; it stops cleanly between batches.',
    input: z.strictObject({ runId }),
    output: z.object({ runId, cancelled: z.boolean() }),
  }),
  'runs.list': defineCall({
    summary:
      'Recent runs, newest first (of one flow when given); `before` pages on from the last run listed.',
    input: z.strictObject({
      flowId: flowId.optional(),
      limit: z.int().min(1).max(500).default(50),
      before: runId.optional(),
    }),
    output: z.object({ runs: z.array(runSummarySchema) }),
  }),
  'runs.get': defineCall({
    summary: 'One run.',
    input: z.strictObject({ runId }),
    output: runSummarySchema,
  }),
  'runs.planItems': defineCall({
    summary: 'A page of a run’s plan (the shadow diff), filtered by action, destination node or record.',
    input: z.strictObject({
      runId,
      page: z.int().min(0).default(0),
      pageSize: z.int().min(1).max(1_000).default(100),
      actions: z.array(planActionSchema).optional(),
      destNode: z.string().max(flowLimits.idChars).optional(),
      recordKey: z.string().max(200).optional(),
      statuses: z.array(planItemStatusSchema).optional(),
      /** Words in the record's label, details, ids or reason (any case). */
      search: z.string().max(200).optional(),
      /** Only records with one of these flags. */
      flags: z.array(planFlagKindSchema).optional(),
      order: planOrderSchema.optional(),
      /** false: leave out `diff` and `record` (a table's rows need neither). */
      withDetail: z.boolean().default(true),
    }),
    output: z.object({
      items: z.array(planItemSchema),
      total: z.int().nonnegative(),
      page: z.int().nonnegative(),
      pageSize: z.int().positive(),
    }),
  }),
  'runs.log': defineCall({
    summary: 'A run’s log lines after `afterSeq`, oldest first (the live log shows new ones as events).',
    input: z.strictObject({
      runId,
      afterSeq: z.int().min(0).default(0),
      limit: z.int().min(1).max(10_000).default(2_000),
    }),
    output: z.object({ lines: z.array(logLineSchema) }),
  }),
  'runs.nodeCounts': defineCall({
    summary: 'What each node of the flow did in one run (the canvas shows the last run’s counts).',
    input: z.strictObject({ runId }),
    output: z.object({ nodes: z.array(nodeCountsSchema) }),
  }),
  'runs.planSummary': defineCall({
    summary:
      'A run’s plan summed up per destination: records per action and status, flagged records, and the money to be created or changed per currency and tax code.',
    input: z.strictObject({ runId }),
    output: z.object({ runId, destinations: z.array(planDestinationSummarySchema) }),
  }),
  'runs.planCsv': defineCall({
    summary: 'A run’s plan as a CSV file (one row per record, with its money, flags and changes).',
    input: z.strictObject({ runId }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
  'runs.apply': defineCall({
    summary:
      'Applies a reviewed shadow plan: a live run that writes exactly that plan minus the excluded records. Records that changed since the plan are held for confirmation first.',
    input: z.strictObject({ runId, exclude: z.array(z.int().positive()).max(1_000_000).default([]) }),
    output: z.object({ runId }),
  }),
  'runs.confirm': defineCall({
    summary:
      'Confirms the held records of an apply run (the others held are left out) and lets it write; an empty list confirms none.',
    input: z.strictObject({ runId, include: z.array(z.int().positive()).max(1_000_000) }),
    output: z.object({ runId }),
  }),
  'runs.schedule.get': defineCall({
    summary: 'A flow’s schedule on this machine.',
    input: z.strictObject({ flowId }),
    output: scheduleSchema,
  }),
  'runs.schedule.set': defineCall({
    summary:
      'Runs the flow every N minutes (a delta run, in the flow’s mode) while the app runs; null stops it.',
    input: z.strictObject({ flowId, everyMinutes: z.int().min(1).max(10_080).nullable() }),
    output: scheduleSchema,
  }),
  'runs.deadLetters.list': defineCall({
    summary: 'Dead letters (of one flow when given), open ones unless told otherwise.',
    input: z.strictObject({
      flowId: flowId.optional(),
      status: z.enum(['open', 'retried', 'discarded']).default('open'),
    }),
    output: z.object({ deadLetters: z.array(deadLetterSchema) }),
  }),
  'runs.deadLetters.retry': defineCall({
    summary:
      'Retries dead letters of one flow through the flow as it is now (fixed), re-reading each record from its source.',
    input: z.strictObject({ ids: deadLetterIds }),
    output: z.object({ runId }),
  }),
  'runs.deadLetters.discard': defineCall({
    summary: 'Discards dead letters: they are kept for the record but no longer offered for retry.',
    input: z.strictObject({ ids: deadLetterIds, reason: z.string().trim().min(1).max(500) }),
    output: z.object({ discarded: z.int().nonnegative() }),
  }),
} as const;

/** Events of runs. */
export const runsEvents = {
  'runs.onDidAppendLog': defineEvent({
    summary:
      'New lines of runs’ live logs, oldest first (secrets and tokens redacted at the source). Lines are sent in batches of up to 50 ms so a fast run does not flood the transport.',
    payload: z.object({ lines: z.array(logLineSchema).min(1).max(5_000) }),
  }),
  'runs.onDidChange': defineEvent({
    summary: 'A run started, progressed (counts) or finished.',
    payload: runSummarySchema,
  }),
} as const;
