import { Icon } from '../../lib/ui/Icon';
import { levelWords, localDateTime, nodeName } from './log-format';
import type { LogLine } from './log-model';

interface LogLineDetailsProps {
  readonly line: LogLine;
  readonly titles: ReadonlyMap<string, string>;
  readonly isCopied: boolean;
  readonly onCopy: (line: LogLine) => void;
  readonly onJumpToRecord: (recordKey: string) => void;
  readonly onClose: () => void;
}

/** The selected line in full under the list: the whole message (rows cut it off), its date, node and record. */
export function LogLineDetails({
  line,
  titles,
  isCopied,
  onCopy,
  onJumpToRecord,
  onClose,
}: LogLineDetailsProps) {
  return (
    <section className="log-details" data-testid="log-details" aria-label="Selected line">
      <div className="log-details-head">
        <span className={`log-level log-level-${line.level}`}>{levelWords[line.level]}</span>
        <time dateTime={line.at}>{localDateTime(line.at)}</time>
        {line.node !== undefined && <span className="log-details-node">{nodeName(titles, line.node)}</span>}
        {line.recordKey !== undefined && (
          <button type="button" className="link-button" onClick={() => onJumpToRecord(line.recordKey!)}>
            Show record {line.recordKey} in the plan
          </button>
        )}
        <span className="log-details-actions">
          <button type="button" className="btn btn-ghost btn-compact" onClick={() => onCopy(line)}>
            <Icon name={isCopied ? 'check' : 'copy'} size={14} />
            {isCopied ? 'Copied' : 'Copy line'}
          </button>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Close the line's details"
            title="Close"
            onClick={onClose}
          >
            <Icon name="x" size={14} />
          </button>
        </span>
      </div>
      <p className="log-details-message">{line.message}</p>
    </section>
  );
}
