import { memo, type ReactNode } from 'react';
import { clockTime, levelWords } from './log-format';
import type { LogLine } from './log-model';

/** Every row has this height (px); the list's windowing depends on it. Kept in step with run-log.css. */
export const ROW_HEIGHT = 26;

interface LogRowProps {
  readonly line: LogLine;
  /** Where the row sits in the list (px from the top of all lines). */
  readonly offset: number;
  /** The element id (the list's aria-activedescendant points at the active row). */
  readonly id: string;
  readonly nodeTitle: string;
  readonly isActive: boolean;
  readonly isCopied: boolean;
  /** The search words, lower-cased, to mark in the message. */
  readonly highlight: string;
  readonly onSelect: (line: LogLine) => void;
  readonly onCopy: (line: LogLine) => void;
  readonly onJumpToRecord: (recordKey: string) => void;
}

/** Marks each occurrence of `words` (already lower-cased) in `text`. */
function marked(text: string, words: string): ReactNode {
  if (!words) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(words); at !== -1; at = lower.indexOf(words, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + words.length)}</mark>);
    from = at + words.length;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts;
}

/**
 * One line of the log: time, level badge, node, message, and the record it concerns (a link into the plan). The
 * copy button shows on hover and on the active line. Memoised: a row re-renders only when its line or state
 * changes. Few elements and attributes: at 5,000 lines a second dozens of rows change per frame (the full date is
 * in the selected line's details).
 */
export const LogRow = memo(function LogRow({
  line,
  offset,
  id,
  nodeTitle,
  isActive,
  isCopied,
  highlight,
  onSelect,
  onCopy,
  onJumpToRecord,
}: LogRowProps) {
  return (
    <div
      id={id}
      role="option"
      aria-selected={isActive}
      className="log-row"
      data-testid="log-row"
      data-level={line.level}
      data-seq={line.seq}
      style={{ transform: `translateY(${offset}px)` }}
      onClick={() => onSelect(line)}
    >
      <time className="log-time" dateTime={line.at}>
        {clockTime(line.at)}
      </time>
      <span className={`log-level log-level-${line.level}`}>{levelWords[line.level]}</span>
      <span className="log-node">{nodeTitle}</span>
      <span className="log-message" title={line.message}>
        {marked(line.message, highlight)}
      </span>
      {line.recordKey !== undefined && (
        <button
          type="button"
          tabIndex={-1}
          className="log-record"
          data-testid="log-record"
          title={`Show record ${line.recordKey} in the plan`}
          onClick={(event) => {
            event.stopPropagation();
            onJumpToRecord(line.recordKey!);
          }}
        >
          {marked(line.recordKey, highlight)}
        </button>
      )}
      <button
        type="button"
        tabIndex={-1}
        className="log-copy"
        data-testid="log-copy"
        aria-label="Copy this line"
        title={isCopied ? 'Copied' : 'Copy this line (C)'}
        data-copied={isCopied}
        onClick={(event) => {
          event.stopPropagation();
          onCopy(line);
        }}
      />
    </div>
  );
});
