import { z } from 'zod';
import { errorEnvelopeSchema } from '../errors/ledgerflow-error';

/** What a call resolves to on the wire: a value, or an error envelope. Never a thrown class instance. */
export const callResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorEnvelopeSchema }),
]);

/** A call result on the wire. */
export type CallResult = z.infer<typeof callResultSchema>;

/**
 * The transport both hosts implement (Electron preload, WebSocket). Untyped on purpose: the typed client in
 * the renderer sits on top and every payload is validated by the host.
 */
export interface Transport {
  call(channel: string, payload: unknown): Promise<CallResult>;
  /** Subscribes to one event; returns the unsubscribe function. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** Messages from the renderer to the browser host over the WebSocket. */
export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('call'),
    id: z.int().nonnegative(),
    channel: z.string().max(100),
    payload: z.unknown(),
  }),
  z.object({ t: z.literal('subscribe'), event: z.string().max(100) }),
  z.object({ t: z.literal('unsubscribe'), event: z.string().max(100) }),
]);

/** Messages from the browser host to the renderer over the WebSocket. */
export const hostMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.int().nonnegative(), result: callResultSchema }),
  z.object({ t: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);

/** A renderer → host message. */
export type ClientMessage = z.infer<typeof clientMessageSchema>;
/** A host → renderer message. */
export type HostMessage = z.infer<typeof hostMessageSchema>;
