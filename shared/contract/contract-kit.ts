import type { z } from 'zod';

/** A request/response call: the host validates `input`; `output` is what the renderer receives. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

/** An event the host pushes to every subscriber. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly summary: string;
}

/** Declares a call (keeps literal schema types for inference). */
export const defineCall = <I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> =>
  spec;

/** Declares an event (keeps literal schema types for inference). */
export const defineEvent = <P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> => spec;
