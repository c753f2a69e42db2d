import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useAppServices } from '../../app/useAppServices';
import { useAppStore } from '../../stores/useAppStore';
import { deadLetterFeed, type DeadLetterFeed, type DeadLetterFeedState } from './dead-letters-feed';

/**
 * The flow's dead-letter feed, followed while the component is mounted (and reloaded after a reconnect), with a
 * selector over its state. Selectors return primitives or stable references (the feed's own arrays).
 */
export function useDeadLetterFeed<T>(
  flowId: string,
  selector: (state: DeadLetterFeedState) => T,
): [T, DeadLetterFeed] {
  const { client } = useAppServices();
  const connection = useAppStore((s) => s.connection);
  const feed = deadLetterFeed(client, flowId);
  useEffect(() => {
    if (connection !== 'open') return;
    return feed.acquire();
  }, [feed, connection]);
  return [useStore(feed.store, selector), feed];
}
