import { z } from 'zod';
import { systemIds } from '../connectors/connector-descriptor';
import { flowLimits, flowSchema } from '../flow/flow.schema';
import { defineCall, defineEvent } from './contract-kit';

const flowId = z.string().min(1).max(flowLimits.idChars);
const flowName = z.string().trim().min(1, { error: 'must not be empty' }).max(flowLimits.nameChars);
const iso = z.iso.datetime({ offset: true });

/** A problem with a flow, by JSON path (see shared/flow/flow-problems.ts). */
export const flowProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'incomplete']),
  nodeId: z.string().optional(),
});

/** A flow as the flows list shows it. */
export const flowSummarySchema = z.object({
  id: flowId,
  name: z.string(),
  mode: z.enum(['shadow', 'live']),
  nodeCount: z.int().nonnegative(),
  systems: z.array(z.enum(systemIds)),
  /** How many `incomplete` problems keep the flow from running. */
  problemCount: z.int().nonnegative(),
  createdAt: iso,
  updatedAt: iso,
});

/** A stored flow with its problems. */
export const storedFlowSchema = z.object({
  flow: flowSchema,
  problems: z.array(flowProblemSchema),
  createdAt: iso,
  updatedAt: iso,
});

/** One connection reference of a flow and the user's connection it is bound to. */
export const bindingSchema = z.object({
  ref: z.string(),
  system: z.enum(systemIds),
  label: z.string().optional(),
  /** null: not bound yet (a run asks the user to choose). */
  connectionId: z.string().nullable(),
  /** Bound without asking because it is the only connection of its system. */
  isAutomatic: z.boolean(),
  candidates: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      status: z.enum(['connected', 'needs-reconnect', 'not-connected']),
    }),
  ),
});

/** What to do when an imported flow's id is already taken. */
export const importConflictPolicySchema = z.enum(['ask', 'replace', 'copy']);

/** Calls on the flows the user keeps. */
export const flowsCalls = {
  'flows.list': defineCall({
    summary: 'All flows, most recently changed first.',
    input: z.strictObject({}),
    output: z.object({ flows: z.array(flowSummarySchema) }),
  }),
  'flows.get': defineCall({
    summary: 'One flow with its problems.',
    input: z.strictObject({ id: flowId }),
    output: storedFlowSchema,
  }),
  'flows.create': defineCall({
    summary: 'A new, empty flow in shadow mode.',
    input: z.strictObject({ name: flowName }),
    output: storedFlowSchema,
  }),
  'flows.save': defineCall({
    summary:
      'Saves a flow (the whole document). Structural errors refuse the save; drafts may be incomplete.',
    input: z.strictObject({ flow: flowSchema }),
    output: storedFlowSchema,
  }),
  'flows.rename': defineCall({
    summary: 'Renames a flow.',
    input: z.strictObject({ id: flowId, name: flowName }),
    output: flowSummarySchema,
  }),
  'flows.duplicate': defineCall({
    summary: 'Copies a flow under a new id and name.',
    input: z.strictObject({ id: flowId, name: flowName.optional() }),
    output: flowSummarySchema,
  }),
  'flows.delete': defineCall({
    summary: 'Deletes a flow.',
    input: z.strictObject({ id: flowId }),
    output: z.object({ id: flowId }),
  }),
  'flows.import': defineCall({
    summary:
      'Imports a flow file. A bad file is refused whole (LF-1101, every problem by path); a taken id asks (LF-1103) unless told to replace or copy.',
    input: z.strictObject({
      text: z.string().max(flowLimits.fileBytes + 1),
      onConflict: importConflictPolicySchema.default('ask'),
    }),
    output: z.object({
      summary: flowSummarySchema,
      problems: z.array(flowProblemSchema),
      replaced: z.boolean(),
      migratedFrom: z.int().optional(),
    }),
  }),
  'flows.templates': defineCall({
    summary:
      'The ready flows shipped in flows-examples/, offered on the start screen ("Use this flow" imports a copy).',
    input: z.strictObject({}),
    output: z.object({
      templates: z.array(
        z.object({
          id: flowId,
          name: z.string(),
          description: z.string(),
          systems: z.array(z.enum(systemIds)),
          nodeCount: z.int().nonnegative(),
          text: z.string(),
        }),
      ),
    }),
  }),
  'flows.bindings': defineCall({
    summary:
      "Each connection reference of a flow with the user's connection it is bound to (kept on this machine, never in the file).",
    input: z.strictObject({ id: flowId }),
    output: z.object({ bindings: z.array(bindingSchema) }),
  }),
  'flows.bind': defineCall({
    summary: "Binds one connection reference of a flow to one of the user's connections (null unbinds).",
    input: z.strictObject({
      id: flowId,
      ref: z.string().min(1).max(flowLimits.idChars),
      connectionId: z.string().min(1).max(200).nullable(),
    }),
    output: z.object({ bindings: z.array(bindingSchema) }),
  }),
  'flows.export': defineCall({
    summary: 'The flow as a file: no secrets, no view state.',
    input: z.strictObject({ id: flowId }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
} as const;

/** Events about flows. */
export const flowsEvents = {
  'flows.onDidChange': defineEvent({
    summary: 'A flow was created, changed or deleted (by this window, another one, or the CLI).',
    payload: z.object({
      kind: z.enum(['created', 'updated', 'deleted']),
      id: flowId,
    }),
  }),
} as const;
