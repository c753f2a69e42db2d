import {
  useCallback,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Icon } from '../../lib/ui/Icon';
import { nodeName } from './log-format';
import type { LogLine, LogModel } from './log-model';
import { LogViewport } from './log-viewport';
import { LogRow, ROW_HEIGHT } from './LogRow';
import { useLogVersion } from './useRunLog';

/** Rows rendered above and below the visible ones, so a quick scroll shows no blank band. */
const OVERSCAN = 5;

interface LogListProps {
  readonly model: LogModel;
  readonly titles: ReadonlyMap<string, string>;
  /** The selected line (its details show below the list). */
  readonly active: LogLine | undefined;
  readonly onActiveChange: (line: LogLine | undefined) => void;
  readonly copiedSeq: number | undefined;
  readonly onCopy: (line: LogLine) => void;
  readonly onJumpToRecord: (recordKey: string) => void;
  /** Shown when no line passes (or none has arrived). */
  readonly empty: ReactNode;
  readonly hintId: string;
}

/**
 * The log lines, windowed: only the rows in view (plus a few) are in the DOM, placed inside a spacer as tall as
 * all the filtered lines. It re-renders when the model changes (at most once per frame) or the user scrolls; it
 * follows the newest line unless the user has moved away from it.
 *
 * Keyboard: the list is one tab stop (a listbox whose active line is its aria-activedescendant). Up/Down,
 * Page Up/Down and Home move the active line, End follows the newest again, C copies the active line and Enter
 * opens its record in the plan.
 */
export function LogList({
  model,
  titles,
  active,
  onActiveChange,
  copiedSeq,
  onCopy,
  onJumpToRecord,
  empty,
  hintId,
}: LogListProps) {
  useLogVersion(model);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport] = useState(() => new LogViewport(model, ROW_HEIGHT, OVERSCAN));
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  // The selected line stays in view when the list's height changes (its details open below the list).
  const activeRef = useRef(active);
  useLayoutEffect(() => {
    activeRef.current = active;
  });
  useLayoutEffect(() => {
    const el = scrollRef.current!;
    const measure = () => {
      viewport.resize(el.clientHeight);
      const index = activeRef.current && model.positionOf(activeRef.current.seq);
      if (index !== undefined) viewport.reveal(index);
      rerender();
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, [viewport, model]);

  const slice = viewport.layout();

  useLayoutEffect(() => {
    const el = scrollRef.current!;
    const top = viewport.commit(slice, el.scrollTop);
    if (top !== undefined) {
      el.scrollTop = top;
      viewport.noteProgrammaticScroll(el.scrollTop);
    }
  });

  const select = useCallback(
    (line: LogLine) => {
      viewport.pause();
      onActiveChange(line);
      rerender();
    },
    [viewport, onActiveChange],
  );

  const moveTo = (index: number) => {
    const count = model.matchCount;
    if (count === 0) return;
    const clamped = Math.max(0, Math.min(count - 1, index));
    viewport.reveal(clamped);
    onActiveChange(model.lineAt(clamped));
    rerender();
  };

  const followTail = () => {
    viewport.follow();
    rerender();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const withModifier = event.ctrlKey || event.metaKey;
    if (event.altKey || (withModifier && event.key !== 'c')) return;
    // The active line's place, or (none active) the last visible line's.
    const activeIndex = active && model.positionOf(active.seq);
    const here = activeIndex ?? viewport.lastVisibleIndex();
    const handled = (() => {
      switch (event.key) {
        case 'ArrowDown':
          moveTo(activeIndex === undefined ? here : here + 1);
          return true;
        case 'ArrowUp':
          moveTo(activeIndex === undefined ? here : here - 1);
          return true;
        case 'PageDown':
          moveTo(here + viewport.pageRows);
          return true;
        case 'PageUp':
          moveTo(here - viewport.pageRows);
          return true;
        case 'Home':
          moveTo(0);
          return true;
        case 'End':
          onActiveChange(undefined);
          followTail();
          return true;
        case 'Escape':
          if (!active) return false;
          onActiveChange(undefined);
          return true;
        case 'Enter':
          if (!active?.recordKey) return false;
          onJumpToRecord(active.recordKey);
          return true;
        case 'c':
        case 'C':
          // Ctrl+C with text selected is the browser's own copy.
          if (!active || (withModifier && globalThis.getSelection()?.toString())) return false;
          onCopy(active);
          return true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  // Rows are keyed by slot (line index modulo the pool), not by line, and stay in slot order: a line arriving
  // reuses the element of the line that left the view, so following a fast run patches text instead of making
  // and styling new elements, and nothing is moved in the DOM. Each row is placed by its own offset.
  const pool = viewport.poolSize;
  const rows: ReactNode[] = [];
  const highlight = model.filter.text.trim().toLowerCase();
  for (let slot = 0; slot < pool; slot++) {
    const i = slice.first + ((slot - (slice.first % pool) + pool) % pool);
    if (i >= slice.last) continue;
    const line = model.lineAt(i)!;
    rows.push(
      <LogRow
        key={slot}
        id={`${hintId}-line-${line.seq}`}
        line={line}
        offset={i * ROW_HEIGHT}
        nodeTitle={nodeName(titles, line.node)}
        isActive={active?.seq === line.seq}
        isCopied={copiedSeq === line.seq}
        highlight={highlight}
        onSelect={select}
        onCopy={onCopy}
        onJumpToRecord={onJumpToRecord}
      />,
    );
  }
  const unseen = viewport.unseen();
  // aria-activedescendant must name an element in the DOM: the active line's row, when it is rendered.
  const activeIndex = active && model.positionOf(active.seq);
  const isActiveShown = activeIndex !== undefined && activeIndex >= slice.first && activeIndex < slice.last;

  return (
    <div className="log-list-frame">
      <div
        ref={scrollRef}
        className="log-list"
        data-testid="run-log-list"
        data-following={viewport.isFollowing}
        role="listbox"
        aria-label="Log lines"
        aria-describedby={hintId}
        aria-activedescendant={isActiveShown ? `${hintId}-line-${active!.seq}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          const el = event.currentTarget;
          if (viewport.onScroll(el)) rerender();
        }}
        onWheel={(event) => {
          if (event.deltaY < 0 && viewport.isFollowing) {
            viewport.pause();
            rerender();
          }
        }}
      >
        <div className="log-list-content" style={{ height: slice.contentHeight }}>
          {rows}
        </div>
        {model.matchCount === 0 && <div className="log-list-empty">{empty}</div>}
      </div>
      {!viewport.isFollowing && (unseen > 0 || !viewport.isAtBottom()) && (
        <button
          type="button"
          className="btn btn-secondary btn-compact log-jump-latest"
          data-testid="log-jump-latest"
          onClick={() => {
            onActiveChange(undefined);
            followTail();
            scrollRef.current?.focus();
          }}
        >
          <Icon name="arrow-down" size={14} />
          Jump to latest{unseen > 0 ? ` (${unseen.toLocaleString()} new)` : ''}
        </button>
      )}
    </div>
  );
}
