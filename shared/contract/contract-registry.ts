import type { z } from 'zod';
import { appCalls, appEvents } from './app.contract';
import { connectionsCalls, connectionsEvents, connectorsSampleCalls } from './connections.contract';
import { connectorsCalls } from './connectors.contract';
import { flowsCalls, flowsEvents } from './flows.contract';
import { runsCalls, runsEvents } from './runs.contract';

/** Every call of the contract, by channel name: the one registry both transports and hosts use. */
export const calls = {
  ...appCalls,
  ...flowsCalls,
  ...connectorsCalls,
  ...connectionsCalls,
  ...connectorsSampleCalls,
  ...runsCalls,
} as const;

/** Every event of the contract, by name. */
export const events = { ...appEvents, ...flowsEvents, ...connectionsEvents, ...runsEvents } as const;

/** A call's channel name. */
export type CallName = keyof typeof calls;
/** An event's name. */
export type EventName = keyof typeof events;
/** What a caller passes (defaults not yet applied). */
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
/** What a handler receives (validated, defaults applied). */
export type CallParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;
/** What a call resolves to. */
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
/** An event's payload. */
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]['payload']>;

/** Whether a string names a call. */
export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

/** Whether a string names an event. */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
