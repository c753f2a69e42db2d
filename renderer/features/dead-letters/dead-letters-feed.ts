import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventPayload } from '../../../shared/contract/contract-registry';
import type { ContractClient } from '../../bridge/contract-client';
import { newestFirst, type DeadLetter } from './dead-letter-words';

/** What the dead letters tab and its count badge show for one flow. */
export interface DeadLetterFeedState {
  /** Open dead letters, newest first; undefined until the first load. */
  readonly open: readonly DeadLetter[] | undefined;
  /** Retried and discarded ones, newest first; loaded only while `showClosed`. */
  readonly closed: readonly DeadLetter[] | undefined;
  readonly showClosed: boolean;
  /** Why the last load failed (cleared by the next good one). */
  readonly loadError: string | undefined;
  /** Open dead letters a retry was started for, id → the retry run's id, until that run ends. */
  readonly retrying: Readonly<Record<string, string>>;
}

type RunSummary = EventPayload<'runs.onDidChange'>;

const ended = (status: RunSummary['status']) =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled';

/** While a run writes, dead letters arrive batch by batch: reload at most this often. */
const PROGRESS_RELOAD_MS = 1_000;

/**
 * One flow's dead letters, shared by everything that shows them (the tab's badge and the tab itself) so that a
 * retry or a discard in one place is seen at once in the other, and loaded once for both. It follows
 * `runs.onDidChange` while someone uses it: a run of this flow that ends (a retry marks its letters retried) or
 * that dead-letters records reloads the list. There is no event for dead letters themselves.
 */
export class DeadLetterFeed {
  readonly store: StoreApi<DeadLetterFeedState>;
  private users = 0;
  private unsubscribe: (() => void) | undefined;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Per run: its status and dead-letter count when last seen, so repeated progress events reload nothing. */
  private readonly seen = new Map<string, { status: RunSummary['status']; dead: number }>();

  constructor(
    private readonly client: ContractClient,
    readonly flowId: string,
  ) {
    this.store = createStore<DeadLetterFeedState>()(() => ({
      open: undefined,
      closed: undefined,
      showClosed: false,
      loadError: undefined,
      retrying: {},
    }));
  }

  /** Starts following the flow's runs (for the first user) and reloads; returns the function that lets go. */
  acquire(): () => void {
    this.users += 1;
    if (this.users === 1) {
      this.unsubscribe = this.client.on('runs.onDidChange', (run) => this.onRun(run));
      void this.forgetEndedRetries();
    }
    void this.reload();
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.users -= 1;
      if (this.users > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      clearTimeout(this.timer);
      this.timer = undefined;
    };
  }

  /** Loads the open dead letters (and the closed ones when shown); a newer load wins over an older one. */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    const { showClosed } = this.store.getState();
    const list = (status: DeadLetter['status']) =>
      this.client.call('runs.deadLetters.list', { flowId: this.flowId, status }).then((r) => r.deadLetters);
    try {
      const [open, retried, discarded] = await Promise.all([
        list('open'),
        showClosed ? list('retried') : undefined,
        showClosed ? list('discarded') : undefined,
      ]);
      if (generation !== this.generation) return;
      const openIds = new Set(open.map((l) => l.id));
      const retrying = Object.fromEntries(
        Object.entries(this.store.getState().retrying).filter(([id]) => openIds.has(id)),
      );
      this.store.setState({
        open: newestFirst(open),
        closed: retried && discarded ? newestFirst([...retried, ...discarded]) : undefined,
        loadError: undefined,
        retrying,
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.store.setState({ loadError: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Shows or hides the retried and discarded dead letters (loaded on demand). */
  setShowClosed(showClosed: boolean): void {
    this.store.setState({ showClosed, ...(showClosed ? {} : { closed: undefined }) });
    if (showClosed) void this.reload();
  }

  /** A retry run was started for these dead letters: they show as being retried until it ends. */
  retryStarted(ids: readonly string[], runId: string): void {
    const retrying = { ...this.store.getState().retrying };
    for (const id of ids) retrying[id] = runId;
    this.store.setState({ retrying });
  }

  private onRun(run: RunSummary): void {
    if (run.flowId !== this.flowId) return;
    const before = this.seen.get(run.id);
    this.seen.set(run.id, { status: run.status, dead: run.counts.deadLetters });
    const hasEnded = ended(run.status) && (!before || !ended(before.status));
    if (hasEnded) {
      clearTimeout(this.timer);
      this.timer = undefined;
      // Reload first: a retry that succeeded has marked its letters retried, so they leave the list instead of
      // showing as open (and retryable) for a moment. One that failed leaves them open, and retryable again.
      void this.reload().then(() => this.retryEnded(run.id));
    } else if (run.counts.deadLetters !== (before?.dead ?? 0)) this.schedule(PROGRESS_RELOAD_MS);
  }

  /** Nobody followed the runs for a while: a retry may have ended unseen, leaving its letters open again. */
  private async forgetEndedRetries(): Promise<void> {
    const runIds = new Set(Object.values(this.store.getState().retrying));
    for (const runId of runIds) {
      const run = await this.client.call('runs.get', { runId }).catch(() => undefined);
      if (!run || ended(run.status)) this.retryEnded(runId);
    }
  }

  private retryEnded(runId: string): void {
    const retrying = this.store.getState().retrying;
    if (!Object.values(retrying).includes(runId)) return;
    this.store.setState({
      retrying: Object.fromEntries(Object.entries(retrying).filter(([, id]) => id !== runId)),
    });
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, delayMs);
  }
}

const feeds = new WeakMap<ContractClient, Map<string, DeadLetterFeed>>();

/** The one feed of a flow's dead letters for this client. */
export function deadLetterFeed(client: ContractClient, flowId: string): DeadLetterFeed {
  let byFlow = feeds.get(client);
  if (!byFlow) {
    byFlow = new Map();
    feeds.set(client, byFlow);
  }
  let feed = byFlow.get(flowId);
  if (!feed) {
    feed = new DeadLetterFeed(client, flowId);
    byFlow.set(flowId, feed);
  }
  return feed;
}
