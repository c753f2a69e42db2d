import { z } from 'zod';
import { systemIds } from '../connectors/connector-descriptor';
import { entityNames } from '../records/entities';
import { defineCall } from './contract-kit';

const fieldSchema = z.object({
  path: z.string(),
  type: z.enum(['text', 'decimal', 'integer', 'boolean', 'date', 'datetime', 'enum', 'object', 'list']),
  label: z.string(),
  required: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  values: z.array(z.string()).optional(),
  description: z.string().optional(),
});

/** What the palette and inspector know of one system's entity. */
export const entityDescriptionSchema = z.object({
  entity: z.enum(entityNames),
  apiName: z.string(),
  canRead: z.boolean(),
  canWrite: z.boolean(),
  matchKeys: z.array(z.string()),
  fields: z.array(fieldSchema),
});

/** Calls about connectors (what each system can do). */
export const connectorsCalls = {
  'connectors.describe': defineCall({
    summary:
      "Every connector's entities, capabilities and canonical fields: what the palette and inspector show.",
    input: z.strictObject({}),
    output: z.object({
      connectors: z.array(
        z.object({
          system: z.enum(systemIds),
          label: z.string(),
          mark: z.object({ initials: z.string(), color: z.string() }),
          entities: z.array(entityDescriptionSchema),
        }),
      ),
    }),
  }),
} as const;
