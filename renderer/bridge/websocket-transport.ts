import {
  hostMessageSchema,
  type CallResult,
  type ClientMessage,
  type Transport,
} from '../../shared/contract/transport';
import { createError } from '../../shared/errors/ledgerflow-error';

/** The connection state the UI shows while the browser host is unreachable. */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'rejected';

/** Asks the host whether this tab's access token is still accepted (a restarted host has a new one). */
export type AccessCheck = () => Promise<'accepted' | 'rejected' | 'unreachable'>;

/**
 * The browser host's transport: one WebSocket, calls matched to results by id, subscriptions replayed after a
 * reconnect. Calls made while disconnected wait for the socket; calls in flight when it drops fail with LF-1301.
 */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (result: CallResult) => void>();
  /** Calls written to the current socket and not yet answered: the only ones a dropped socket loses. */
  private readonly inFlight = new Set<number>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly queue: ClientMessage[] = [];
  private retryMs = 250;
  private closedByUser = false;

  constructor(
    private readonly url: string,
    private readonly onState: (state: ConnectionState) => void = () => undefined,
    private readonly checkAccess: AccessCheck = async () => 'unreachable',
  ) {
    this.connect();
  }

  call(channel: string, payload: unknown): Promise<CallResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ t: 'call', id, channel, payload });
    });
  }

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      this.send({ t: 'subscribe', event });
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(event);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(event);
        this.send({ t: 'unsubscribe', event });
      }
    };
  }

  close(): void {
    this.closedByUser = true;
    this.socket?.close();
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.write(this.socket, message);
    else if (message.t === 'call') this.queue.push(message);
    // (Un)subscriptions need no queue: all current ones are replayed on open.
  }

  private write(socket: WebSocket, message: ClientMessage): void {
    socket.send(JSON.stringify(message));
    if (message.t === 'call') this.inFlight.add(message.id);
  }

  private connect(): void {
    this.onState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 250;
      this.onState('open');
      for (const event of this.listeners.keys()) socket.send(JSON.stringify({ t: 'subscribe', event }));
      for (const message of this.queue.splice(0)) this.write(socket, message);
    });
    socket.addEventListener('message', (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const parsed = hostMessageSchema.safeParse(data);
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.t === 'result') {
        this.pending.get(m.id)?.(m.result);
        this.pending.delete(m.id);
        this.inFlight.delete(m.id);
      } else {
        for (const listener of this.listeners.get(m.event) ?? []) listener(m.payload);
      }
    });
    socket.addEventListener('close', () => {
      this.onState('closed');
      // Only calls that reached the socket are lost; queued ones (made while disconnected) still wait for it, so a
      // caller is never told "failed" for a call that is sent and carried out after the reconnect.
      const lost = createError('LF-1301').toEnvelope();
      for (const id of this.inFlight) {
        this.pending.get(id)?.({ ok: false, error: lost });
        this.pending.delete(id);
      }
      this.inFlight.clear();
      if (this.closedByUser) return;
      const delay = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
      // A browser cannot see why an upgrade failed; ask the host, so a stale link stops retrying and says why.
      void this.checkAccess().then((access) => {
        if (access === 'rejected') {
          this.closedByUser = true;
          this.onState('rejected');
          const refused = createError('LF-1003').toEnvelope();
          for (const resolve of this.pending.values()) resolve({ ok: false, error: refused });
          this.pending.clear();
          this.queue.length = 0;
          return;
        }
        setTimeout(() => this.connect(), delay);
      });
    });
  }
}
