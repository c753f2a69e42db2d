import {
  calls,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  events,
} from '../../shared/contract/contract-registry';
import type { Transport } from '../../shared/contract/transport';
import { fromErrorEnvelope, UnexpectedError } from '../../shared/errors/ledgerflow-error';

/** The typed face of the contract: the only way renderer code reaches the host. */
export interface ContractClient {
  /** Calls the host; resolves to the validated output or rejects with a LedgerflowError. */
  call<N extends CallName>(channel: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Listens to an event; returns the unsubscribe function. */
  on<N extends EventName>(event: N, listener: (payload: EventPayload<N>) => void): () => void;
}

/** Wraps a transport (Electron preload or WebSocket) in the typed client. */
export function createContractClient(transport: Transport): ContractClient {
  return {
    async call(channel, input) {
      const result = await transport.call(channel, input);
      if (!result.ok) throw fromErrorEnvelope(result.error);
      const output = calls[channel].output.safeParse(result.value);
      if (!output.success)
        throw new UnexpectedError('LF-9001', `The host answered ${channel} with data this app cannot read`);
      return output.data as CallOutput<typeof channel>;
    },
    on(event, listener) {
      return transport.subscribe(event, (payload) => {
        const parsed = events[event].payload.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
