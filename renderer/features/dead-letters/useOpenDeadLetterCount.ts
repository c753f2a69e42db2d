import { useDeadLetterFeed } from './useDeadLetterFeed';

/**
 * How many dead letters of the flow are open (waiting for a retry or a discard), for a count badge; undefined
 * until known. Shares its data with the dead letters tab, so a retry or discard there updates it at once.
 */
export function useOpenDeadLetterCount(flowId: string): number | undefined {
  return useDeadLetterFeed(flowId, (s) => s.open?.length)[0];
}
