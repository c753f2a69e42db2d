import type { EventPayload } from '../../../shared/contract/contract-registry';

/** One line of a run's log, as the contract gives it. */
export type LogLine = EventPayload<'runs.onDidAppendLog'>['lines'][number];
/** How serious a line is. */
export type LogLevel = LogLine['level'];

/** The levels, least serious first. */
export const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** What the user narrowed the log to. Empty strings and an undefined node filter nothing. */
export interface LogFilter {
  readonly levels: Readonly<Record<LogLevel, boolean>>;
  /** A node id. */
  readonly node: string | undefined;
  /** Part of a record key, any case. */
  readonly record: string;
  /** Part of a line's message, kind or record key, any case. */
  readonly text: string;
}

/** Every line. */
export const noFilter: LogFilter = {
  levels: { debug: true, info: true, warn: true, error: true },
  node: undefined,
  record: '',
  text: '',
};

/** Whether the filter hides anything. */
export function isFiltering(filter: LogFilter): boolean {
  return (
    logLevels.some((level) => !filter.levels[level]) ||
    filter.node !== undefined ||
    filter.record.trim() !== '' ||
    filter.text.trim() !== ''
  );
}

/** The filter as one test, with its words lower-cased once rather than per line. */
export function lineMatcher(filter: LogFilter): (line: LogLine) => boolean {
  const { levels, node } = filter;
  const record = filter.record.trim().toLowerCase();
  const text = filter.text.trim().toLowerCase();
  return (line) => {
    if (!levels[line.level]) return false;
    if (node !== undefined && line.node !== node) return false;
    if (record && !line.recordKey?.toLowerCase().includes(record)) return false;
    if (
      text &&
      !line.message.toLowerCase().includes(text) &&
      !line.kind.toLowerCase().includes(text) &&
      !line.recordKey?.toLowerCase().includes(text)
    )
      return false;
    return true;
  };
}

/** How many lines the view keeps; older ones are dropped (a note says how many). */
export const DEFAULT_CAPACITY = 50_000;

/** Calls `flush` once soon (the browser's next frame); the model batches its notifications through it. */
export type Scheduler = (flush: () => void) => void;

const nextFrame: Scheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

/**
 * The lines of the run the log panel shows, kept outside React so a run logging thousands of lines a second
 * costs one render per frame, not one per line (ARCHITECTURE §6, STYLE.md §7: a separate high-frequency store).
 *
 * - A ring of at most `capacity` lines: the oldest are dropped as new ones arrive, so memory stays bounded.
 * - The lines the filter lets through are a list of absolute positions, extended as lines arrive (incremental
 *   filtering) and rebuilt only when the filter changes.
 * - Lines are appended in `seq` order and a line at or below the last seq is ignored, so history pages and live
 *   events that overlap never show a line twice.
 * - While the history loads, live lines wait in `pending` and join after it; paging can stop as soon as the
 *   history reaches them.
 * - Listeners hear of changes at most once per frame; `version` says whether anything changed.
 */
export class LogModel {
  readonly capacity: number;
  /** Bumped on every change; a React view subscribes to it. */
  version = 0;
  /** Bumped when the filter changes: positions in the filtered list are then new. */
  filterVersion = 0;
  /** Bumped when the model is emptied for another run (the view then follows the tail again). */
  generation = 0;
  /** The run these lines belong to. */
  runId: string | undefined;
  /** The highest seq in the view (or skipped over). */
  lastSeq = 0;
  /** Earlier lines of the run not in the view: dropped to stay within capacity, or never loaded. */
  hiddenBefore = 0;
  /** Lines of each level in the view. */
  readonly counts: Record<LogLevel, number> = { debug: 0, info: 0, warn: 0, error: 0 };
  /** Node ids that occur in the view (a node may have been removed from the flow since the run). */
  readonly nodes = new Set<string>();
  /** Matching lines appended since the filter was set (never decreases): the "N new" counter reads it. */
  matchedAppended = 0;
  /** Matching lines dropped from the front since the filter was set: a scrolled-up view shifts by this. */
  matchedDropped = 0;
  isLoading = false;
  /** Why the history could not be loaded (the live lines still show). */
  loadError: string | undefined;

  private readonly ring: Array<LogLine | undefined>;
  /** Lines ever appended since the reset: the absolute position of the next line. */
  private total = 0;
  private size = 0;
  private filterValue: LogFilter = noFilter;
  private matches: (line: LogLine) => boolean = lineMatcher(noFilter);
  /** Absolute positions of matching lines, ascending; entries before `matchedStart` were dropped. */
  private matched: number[] = [];
  private matchedStart = 0;
  private pending: LogLine[] = [];
  private readonly listeners = new Set<() => void>();
  private isScheduled = false;

  private readonly schedule: Scheduler;

  constructor(options: { capacity?: number; schedule?: Scheduler } = {}) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.schedule = options.schedule ?? nextFrame;
    this.ring = new Array<LogLine | undefined>(this.capacity);
  }

  /** Empties the view for another run (or a fresh load of the same one). */
  reset(runId: string | undefined): void {
    this.runId = runId;
    this.ring.fill(undefined);
    this.total = 0;
    this.size = 0;
    this.lastSeq = 0;
    this.hiddenBefore = 0;
    for (const level of logLevels) this.counts[level] = 0;
    this.nodes.clear();
    this.matched = [];
    this.matchedStart = 0;
    this.matchedAppended = 0;
    this.matchedDropped = 0;
    this.pending = [];
    this.isLoading = false;
    this.loadError = undefined;
    this.filterVersion++;
    this.generation++;
    this.changed();
  }

  get filter(): LogFilter {
    return this.filterValue;
  }

  /** Narrows the view; the kept lines are filtered again once. */
  setFilter(filter: LogFilter): void {
    this.filterValue = filter;
    this.matches = lineMatcher(filter);
    this.matched = [];
    this.matchedStart = 0;
    for (let abs = this.total - this.size; abs < this.total; abs++)
      if (this.matches(this.ring[abs % this.capacity]!)) this.matched.push(abs);
    this.matchedAppended = 0;
    this.matchedDropped = 0;
    this.filterVersion++;
    this.changed();
  }

  /** Lines in the view. */
  get lineCount(): number {
    return this.size;
  }

  /** Lines the filter lets through. */
  get matchCount(): number {
    return this.matched.length - this.matchedStart;
  }

  /** The `index`th line the filter lets through (0 = oldest). */
  lineAt(index: number): LogLine | undefined {
    const abs = this.matched[this.matchedStart + index];
    return abs === undefined ? undefined : this.ring[abs % this.capacity];
  }

  /** The position in the filtered list of the first line at or after `seq` (matchCount when none). */
  indexOfSeq(seq: number): number {
    let lo = this.matchedStart;
    let hi = this.matched.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ring[this.matched[mid]! % this.capacity]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.matchedStart;
  }

  /** The position in the filtered list of the line with this seq, or undefined when it is not there. */
  positionOf(seq: number): number | undefined {
    const index = this.indexOfSeq(seq);
    return this.lineAt(index)?.seq === seq ? index : undefined;
  }

  /** Starts (re)loading the history: live lines wait until it is in. */
  beginLoading(): void {
    this.isLoading = true;
    this.loadError = undefined;
    this.changed();
  }

  /** New lines from the live event (lines of other runs are ignored). */
  receiveLive(lines: readonly LogLine[]): void {
    if (!this.isLoading) {
      this.append(lines);
      return;
    }
    for (const line of lines) if (line.runId === this.runId) this.pending.push(line);
    // Waiting lines beyond the capacity would be dropped on arrival anyway.
    if (this.pending.length > this.capacity) this.pending.splice(0, this.pending.length - this.capacity);
  }

  /** A page of the history, oldest first. */
  receiveHistory(lines: readonly LogLine[]): void {
    this.append(lines);
  }

  /**
   * Where the next history page starts. Lines that would be dropped on arrival (more than `capacity` before the
   * first waiting live line) are skipped: a run's seqs count up from 1 without gaps, so they are known to be
   * earlier lines and are counted as hidden.
   */
  nextAfterSeq(): number {
    const first = this.pending[0];
    if (first) {
      const skipTo = first.seq - 1 - (this.capacity - this.pending.length);
      if (skipTo > this.lastSeq) {
        this.hiddenBefore += skipTo - this.lastSeq;
        this.lastSeq = skipTo;
        this.changed();
      }
    }
    return this.lastSeq;
  }

  /** Whether live lines are waiting. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Whether the history has reached the waiting live lines (no gap between them). */
  hasCaughtUp(): boolean {
    const first = this.pending[0];
    return first !== undefined && first.seq <= this.lastSeq + 1;
  }

  /** The history is in (or failed to load): the waiting live lines join and later ones append directly. */
  finishLoading(error?: string): void {
    this.isLoading = false;
    this.loadError = error;
    const waiting = this.pending;
    this.pending = [];
    this.append(waiting);
  }

  /**
   * The load stopped midway (the panel was hidden, the connection dropped): the waiting live lines are forgotten,
   * since lines sent while nobody listened may be missing after them; the next load fetches them all in order.
   */
  cancelLoading(): void {
    if (!this.isLoading) return;
    this.isLoading = false;
    this.pending = [];
    this.changed();
  }

  /** Calls `listener` (at most once per frame) after changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private append(lines: readonly LogLine[]): void {
    let added = 0;
    for (const line of lines) {
      if (line.runId !== this.runId || line.seq <= this.lastSeq) continue;
      this.lastSeq = line.seq;
      if (this.size === this.capacity) this.dropOldest();
      const abs = this.total++;
      this.ring[abs % this.capacity] = line;
      this.size++;
      this.counts[line.level]++;
      if (line.node !== undefined) this.nodes.add(line.node);
      if (this.matches(line)) {
        this.matched.push(abs);
        this.matchedAppended++;
      }
      added++;
    }
    if (added > 0) this.changed();
  }

  private dropOldest(): void {
    const abs = this.total - this.size;
    const line = this.ring[abs % this.capacity]!;
    this.ring[abs % this.capacity] = undefined;
    this.size--;
    this.hiddenBefore++;
    this.counts[line.level]--;
    if (this.matched[this.matchedStart] === abs) {
      this.matchedStart++;
      this.matchedDropped++;
      // Drop the consumed head now and then, so the list does not grow without bound.
      if (this.matchedStart > 4_096 && this.matchedStart * 2 > this.matched.length) {
        this.matched = this.matched.slice(this.matchedStart);
        this.matchedStart = 0;
      }
    }
  }

  private changed(): void {
    this.version++;
    if (this.isScheduled || this.listeners.size === 0) return;
    this.isScheduled = true;
    this.schedule(() => {
      this.isScheduled = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}
