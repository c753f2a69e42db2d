import { events, type EventName, type EventPayload } from '../../shared/contract/contract-registry';

type AnyListener = (event: EventName, payload: unknown) => void;

/**
 * The host's event bus. Payloads are validated against the contract before they leave, so a bug in the host
 * cannot push malformed data at the renderer. Transports subscribe to everything and forward.
 */
export class HostEvents {
  private readonly listeners = new Set<AnyListener>();

  emit<N extends EventName>(event: N, payload: EventPayload<N>): void {
    const parsed = events[event].payload.parse(payload);
    for (const listener of this.listeners) listener(event, parsed);
  }

  /** Listens to one event; returns the unsubscribe function. */
  on<N extends EventName>(event: N, listener: (payload: EventPayload<N>) => void): () => void {
    return this.subscribeAll((name, payload) => {
      if (name === event) listener(payload as EventPayload<N>);
    });
  }

  /** Listens to every event; returns the unsubscribe function. */
  subscribeAll(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
