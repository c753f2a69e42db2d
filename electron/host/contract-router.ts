import {
  calls,
  isCallName,
  type CallName,
  type CallOutput,
  type CallParsedInput,
} from '../../shared/contract/contract-registry';
import type { CallResult } from '../../shared/contract/transport';
import { createError, LedgerflowError, toErrorEnvelope } from '../../shared/errors/ledgerflow-error';
import { problemsFromZod } from '../../shared/flow/flow-problems';
import type { HostLog } from './host-log';

/** One handler per call; it receives the validated input. */
export type CallHandlers = {
  [N in CallName]: (input: CallParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
};

/** Routes a raw call from any transport: validates it, runs the handler, returns a plain-data result. */
export interface ContractRouter {
  handle(channel: unknown, payload: unknown): Promise<CallResult>;
}

/**
 * Builds the router both hosts use. The renderer is not trusted: every payload is validated with the call's
 * schema; a bad one gets LF-1001 with each problem by path, and the host keeps running. Results are checked
 * against the contract too, so a host bug surfaces as LF-9001 rather than as malformed data.
 */
export function createContractRouter(handlers: CallHandlers, log: HostLog): ContractRouter {
  return {
    async handle(channel, payload) {
      if (typeof channel !== 'string' || !isCallName(channel)) {
        return {
          ok: false,
          error: createError('LF-1002', `There is no call named ${JSON.stringify(channel)}`).toEnvelope(),
        };
      }
      const spec = calls[channel];
      const input = spec.input.safeParse(payload);
      if (!input.success) {
        const problems = problemsFromZod(input.error.issues, payload);
        return {
          ok: false,
          error: createError(
            'LF-1001',
            `${channel}: ${problems[0]?.path} ${problems[0]?.message}`,
            problems,
          ).toEnvelope(),
        };
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        const value = await handler(input.data);
        const output = spec.output.safeParse(value);
        if (!output.success) {
          log.error(
            'contract',
            `${channel} returned data that breaks the contract: ${output.error.message}`,
            'LF-9001',
          );
          return { ok: false, error: createError('LF-9001').toEnvelope() };
        }
        return { ok: true, value: output.data };
      } catch (error) {
        if (!(error instanceof LedgerflowError) || error.kind === 'unexpected') {
          const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
          log.error('contract', `${channel} failed: ${detail}`, 'LF-9001');
        }
        return { ok: false, error: toErrorEnvelope(error) };
      }
    },
  };
}
