import type { LogModel } from './log-model';

/** Where a scroll container stands. */
export interface ScrollMetrics {
  readonly scrollTop: number;
  readonly clientHeight: number;
  readonly scrollHeight: number;
}

/** The slice of the filtered lines to render, and where the scroll container should stand. */
export interface LogWindow {
  /** The scrollTop the view should have (px). */
  readonly top: number;
  /** Height of all filtered lines (px). */
  readonly contentHeight: number;
  /** The first line to render (index in the filtered list), inclusive. */
  readonly first: number;
  /** The last line to render, exclusive. */
  readonly last: number;
}

/**
 * The log list's windowing and its "follow the tail" rule, free of React and the DOM so it can be tested alone.
 *
 * Rows have one fixed height, so the visible slice is arithmetic. The view stays on the newest line until the user
 * moves away from it (scrolls up, selects a line, moves with the keyboard) and follows again when they come back
 * to the bottom or press "Jump to latest". Scrolled up, the view keeps its lines in place while the oldest lines
 * are dropped from the front (it moves up by their height), and keeps its first line in view when the filter
 * changes. The view's own scrolling is told apart from the user's by the position it last set.
 */
export class LogViewport {
  private followsTail = true;
  /** The scroll container's inner height (px). */
  private height = 0;
  /** The last scrollTop the container had (from its scroll events, or set by the view). */
  private scrollTop = 0;
  private programmaticTop: number | undefined;
  /** The model's counters at the last commit: a change since then moves or rebuilds the filtered list. */
  private seenDropped = 0;
  private seenFilterVersion: number;
  private seenGeneration: number;
  /** The seq of the first visible line at the last commit or scroll, to find it again in a new filter. */
  private anchorSeq = 0;
  /** The model's `matchedAppended` when the user left the tail. */
  private baseline = 0;

  constructor(
    private readonly model: LogModel,
    readonly rowHeight: number,
    private readonly overscan: number,
  ) {
    this.seenFilterVersion = model.filterVersion;
    this.seenGeneration = model.generation;
  }

  /** The slice to render now (reads, never changes, the viewport: safe to call while rendering). */
  layout(): LogWindow {
    const { model, rowHeight } = this;
    const count = model.matchCount;
    const contentHeight = count * rowHeight;
    const maxTop = Math.max(0, contentHeight - this.height);
    let top: number;
    if (this.isFollowing) top = maxTop;
    else if (model.filterVersion !== this.seenFilterVersion)
      top = model.indexOfSeq(this.anchorSeq) * rowHeight;
    else top = this.scrollTop - (model.matchedDropped - this.seenDropped) * rowHeight;
    top = Math.max(0, Math.min(maxTop, top));
    const first = Math.max(0, Math.floor(top / rowHeight) - this.overscan);
    const last = Math.min(count, Math.ceil((top + this.height) / rowHeight) + this.overscan);
    return { top, contentHeight, first, last };
  }

  /**
   * The rendered slice is on screen. Returns the scrollTop to give the container when `actualTop` (its scrollTop
   * now) differs, or undefined; the caller sets it and reports the result with `noteProgrammaticScroll`.
   */
  commit(window: LogWindow, actualTop: number): number | undefined {
    if (this.model.generation !== this.seenGeneration) this.follow();
    this.place(window.top);
    this.anchorSeq = this.model.lineAt(Math.floor(window.top / this.rowHeight))?.seq ?? this.anchorSeq;
    return Math.abs(actualTop - window.top) >= 1 ? window.top : undefined;
  }

  /** The scroll container's inner height changed. */
  resize(height: number): void {
    this.height = height;
  }

  /** The view set the container's scrollTop itself (its scroll event must not count as the user's). */
  noteProgrammaticScroll(top: number): void {
    this.programmaticTop = top;
    this.scrollTop = top;
  }

  /** A scroll event of the container; returns whether the view must render again. */
  onScroll(metrics: ScrollMetrics): boolean {
    if (this.programmaticTop !== undefined && Math.abs(metrics.scrollTop - this.programmaticTop) < 1)
      return false;
    this.programmaticTop = undefined;
    this.scrollTop = metrics.scrollTop;
    this.anchorSeq = this.model.lineAt(Math.floor(metrics.scrollTop / this.rowHeight))?.seq ?? this.anchorSeq;
    // Within half a row of the bottom counts as the bottom (fractional scroll positions, zoom).
    const isAtTail = metrics.scrollTop + metrics.clientHeight >= metrics.scrollHeight - this.rowHeight / 2;
    if (isAtTail) this.follow();
    else if (this.isFollowing) this.stopFollowing();
    return true;
  }

  /** The user moved away from the tail (wheel up, a key, a selected line). */
  pause(): void {
    if (!this.isFollowing) return;
    // Stay where the tail was: the next layout starts from here, not from the (new) bottom.
    this.place(this.layout().top);
    this.stopFollowing();
  }

  private stopFollowing(): void {
    this.followsTail = false;
    this.seenGeneration = this.model.generation;
    this.baseline = this.model.matchedAppended;
  }

  /** Back to the newest line ("Jump to latest", End, or scrolled to the bottom). */
  follow(): void {
    this.followsTail = true;
  }

  /** Whether the view stays on the newest line (always, at first, for another run's lines). */
  get isFollowing(): boolean {
    return this.followsTail || this.model.generation !== this.seenGeneration;
  }

  /** Scrolls (without following) so the `index`th filtered line is in view. */
  reveal(index: number): void {
    this.pause();
    const top = index * this.rowHeight;
    const current = this.layout().top;
    if (top < current) this.place(top);
    else if (top + this.rowHeight > current + this.height) this.place(top + this.rowHeight - this.height);
    else this.place(current);
  }

  /** Puts the view at `top`, a position in the filtered list as it is now. */
  private place(top: number): void {
    if (this.model.filterVersion !== this.seenFilterVersion) this.baseline = 0;
    this.seenFilterVersion = this.model.filterVersion;
    this.seenGeneration = this.model.generation;
    this.seenDropped = this.model.matchedDropped;
    this.scrollTop = top;
  }

  /** Whether the view shows the newest line (followed or not). */
  isAtBottom(): boolean {
    const { top, contentHeight } = this.layout();
    return top >= contentHeight - this.height - this.rowHeight / 2;
  }

  /** The last line wholly in view (where keyboard moves start when no line is selected). */
  lastVisibleIndex(): number {
    const { top } = this.layout();
    return Math.min(this.model.matchCount, Math.floor((top + this.height) / this.rowHeight)) - 1;
  }

  /** The most rows a layout renders (the elements the list keeps and reuses). */
  get poolSize(): number {
    return Math.ceil(this.height / this.rowHeight) + 2 * this.overscan + 1;
  }

  /** How many rows fit in the view (for Page Up / Page Down). */
  get pageRows(): number {
    return Math.max(1, Math.floor(this.height / this.rowHeight) - 1);
  }

  /** Matching lines that arrived since the user left the tail ("Jump to latest (N new)"). */
  unseen(): number {
    if (this.isFollowing) return 0;
    const baseline = this.model.filterVersion !== this.seenFilterVersion ? 0 : this.baseline;
    return Math.max(0, this.model.matchedAppended - baseline);
  }
}
