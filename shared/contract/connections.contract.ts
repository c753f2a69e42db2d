import { z } from 'zod';
import { systemIds } from '../connectors/connector-descriptor';
import { canonicalRecordSchema } from '../records/canonical-record';
import { entityNames } from '../records/entities';
import { defineCall, defineEvent } from './contract-kit';

const connectionId = z.string().min(1).max(100);
const label = z.string().trim().min(1, { error: 'must not be empty' }).max(100);
const iso = z.iso.datetime({ offset: true });
const httpsOrLoopback = z
  .string()
  .trim()
  .max(500)
  .refine(
    (v) => /^https:\/\/[^\s/]+/.test(v) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(v),
    {
      error: 'must be an https:// address (or http:// on 127.0.0.1)',
    },
  );

/** A connection as the renderer sees it: labels, tenants and status. Never a secret or a token. */
export const connectionSchema = z.object({
  id: connectionId,
  system: z.enum(systemIds),
  label: z.string(),
  isSandbox: z.boolean(),
  status: z.enum(['connected', 'needs-reconnect', 'not-connected']),
  /** Why a connection needs a reconnect, in plain words. */
  statusMessage: z.string().optional(),
  /** Where it points, e.g. https://api.xero.com or the sandbox's address. */
  apiUrl: z.string(),
  clientId: z.string(),
  tenants: z.array(z.object({ id: z.string(), name: z.string() })),
  tenantId: z.string().optional(),
  tenantName: z.string().optional(),
  lastTest: z
    .object({ ok: z.boolean(), message: z.string(), at: iso, contactCount: z.int().nonnegative().optional() })
    .optional(),
  createdAt: iso,
  updatedAt: iso,
});

/** The outcome of testing a connection ("Connected to Ledgerflow Demo AB, 212 contacts"). */
export const connectionTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  tenantName: z.string().optional(),
  contactCount: z.int().nonnegative().optional(),
  code: z.string().optional(),
});

/** Calls on the user's connections to Xero and Visma companies. Secrets go in (create) and never come out. */
export const connectionsCalls = {
  'connections.list': defineCall({
    summary: 'Every connection with its status, oldest first.',
    input: z.strictObject({}),
    output: z.object({ connections: z.array(connectionSchema) }),
  }),
  'connections.create': defineCall({
    summary:
      'Adds a connection to a real company (client id, optional secret, base URLs defaulting to the real API; Visma.net also the secret and the company tenant id). The secret goes to the keychain; then call connections.authorize.',
    input: z.strictObject({
      system: z.enum(systemIds),
      label,
      clientId: z.string().trim().min(1).max(200),
      clientSecret: z.string().max(500).optional(),
      apiUrl: httpsOrLoopback.optional(),
      identityUrl: httpsOrLoopback.optional(),
      loginUrl: httpsOrLoopback.optional(),
      /** Visma.net: the company's tenant id, which the client-credentials token is bound to. */
      tenantId: z.string().trim().min(1).max(100).optional(),
    }),
    output: connectionSchema,
  }),
  'connections.authorize': defineCall({
    summary:
      'Starts the OAuth sign-in (authorization code + PKCE, loopback redirect on 127.0.0.1). Returns the address to open; the host opens it itself when it can. The result arrives as connections.onDidChange. Visma.net (client credentials) signs in at once: the address is empty and openedByHost true.',
    input: z.strictObject({ id: connectionId }),
    output: z.object({ authorizeUrl: z.string(), openedByHost: z.boolean() }),
  }),
  'connections.test': defineCall({
    summary: 'Reaches the company and counts its contacts.',
    input: z.strictObject({ id: connectionId }),
    output: connectionTestSchema,
  }),
  'connections.rename': defineCall({
    summary: 'Renames a connection (flows bind to connections by system and label).',
    input: z.strictObject({ id: connectionId, label }),
    output: connectionSchema,
  }),
  'connections.selectTenant': defineCall({
    summary: 'Chooses which of the organisations the authorisation reaches this connection works on.',
    input: z.strictObject({ id: connectionId, tenantId: z.string().min(1).max(100) }),
    output: connectionSchema,
  }),
  'connections.remove': defineCall({
    summary:
      'Removes a connection and its secrets from the keychain (and revokes the authorisation when it can).',
    input: z.strictObject({ id: connectionId }),
    output: z.object({ id: connectionId }),
  }),
  'connections.connectSandbox': defineCall({
    summary:
      'One click: starts the built-in sandbox (once) and connects every demo company in it, testing each.',
    input: z.strictObject({}),
    output: z.object({
      connections: z.array(connectionSchema),
      /** Sandbox systems whose connector is not available yet. */
      pending: z.array(z.enum(systemIds)),
    }),
  }),
} as const;

/** Calls on connectors that need a connection (the inspector's samples). */
export const connectorsSampleCalls = {
  'connectors.sample': defineCall({
    summary: 'The first n canonical records of an entity, with the raw fields of the API, for the inspector.',
    input: z.strictObject({
      connection: connectionId,
      entity: z.enum(entityNames),
      n: z.int().min(1).max(100).default(10),
    }),
    output: z.object({ records: z.array(canonicalRecordSchema) }),
  }),
} as const;

/** Events about connections. */
export const connectionsEvents = {
  'connections.onDidChange': defineEvent({
    summary: 'A connection was added, changed (status, tenant, test, label) or removed.',
    payload: z.object({ kind: z.enum(['created', 'updated', 'deleted']), id: connectionId }),
  }),
} as const;
