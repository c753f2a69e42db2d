import { z } from 'zod';
import { defineCall, defineEvent } from './contract-kit';

/** Which host serves the renderer. The renderer never branches on it except to show it. */
export const hostKindSchema = z.enum(['electron', 'browser']);

/** Calls about the app itself. */
export const appCalls = {
  'app.info': defineCall({
    summary: 'Name, version, host and where the app keeps its data.',
    input: z.strictObject({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      host: hostKindSchema,
      platform: z.string(),
      dataDir: z.string(),
      versions: z.record(z.string(), z.string()),
    }),
  }),
} as const;

/** A line of the host's log. Secrets are redacted before a line is emitted. */
export const logLineSchema = z.object({
  time: z.iso.datetime({ offset: true }),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  source: z.string(),
  message: z.string(),
  code: z.string().optional(),
});

/** Events about the app. */
export const appEvents = {
  'app.onDidLog': defineEvent({ summary: 'The host logged a line.', payload: logLineSchema }),
} as const;
