import { z } from 'zod';
import { errorEnvelopeSchema } from '../errors/ledgerflow-error';
import { flowLimits } from '../flow/flow.schema';
import { entityNames } from '../records/entities';
import { defineCall, defineEvent } from './contract-kit';

const flowId = z.string().min(1).max(flowLimits.idChars);
const runId = z.string().min(1).max(100);
const iso = z.iso.datetime({ offset: true });

/** Shadow stops after the plan; live executes it. */
export const runModeSchema = z.enum(['shadow', 'live']);
/** Where a run is; `planning` and `executing` are unfinished (resumed after a crash). */
export const runStatusSchema = z.enum(['planning', 'executing', 'succeeded', 'failed', 'cancelled']);
/** What the plan decided for a record. */
export const planActionSchema = z.enum(['create', 'update', 'unchanged', 'skip', 'invalid']);

/** A run's progress counts. */
export const runCountsSchema = z.object({
  create: z.int().nonnegative(),
  update: z.int().nonnegative(),
  unchanged: z.int().nonnegative(),
  skip: z.int().nonnegative(),
  invalid: z.int().nonnegative(),
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
  kind: z.enum(['run', 'retry']),
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
  status: z.enum(['planned', 'inflight', 'done', 'dead', 'none']),
  resultId: z.string().optional(),
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
  payload: z.record(z.string(), z.unknown()),
  code: z.string(),
  message: z.string(),
  apiMessage: z.string().optional(),
  attempts: z.int().nonnegative(),
  status: z.enum(['open', 'retried', 'discarded']),
  createdAt: iso,
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
    summary: 'Recent runs, newest first (of one flow when given).',
    input: z.strictObject({ flowId: flowId.optional(), limit: z.int().min(1).max(500).default(50) }),
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
    }),
    output: z.object({
      items: z.array(planItemSchema),
      total: z.int().nonnegative(),
      page: z.int().nonnegative(),
      pageSize: z.int().positive(),
    }),
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
    input: z.strictObject({ ids: deadLetterIds }),
    output: z.object({ discarded: z.int().nonnegative() }),
  }),
} as const;

/** Events of runs. */
export const runsEvents = {
  'runs.onDidAppendLog': defineEvent({
    summary: 'A structured line of a run’s live log (secrets and tokens redacted at the source).',
    payload: z.object({
      runId,
      flowId,
      seq: z.int().positive(),
      at: iso,
      level: z.enum(['debug', 'info', 'warn', 'error']),
      kind: z.string(),
      node: z.string().optional(),
      recordKey: z.string().optional(),
      message: z.string(),
    }),
  }),
  'runs.onDidChange': defineEvent({
    summary: 'A run started, progressed (counts) or finished.',
    payload: runSummarySchema,
  }),
} as const;
