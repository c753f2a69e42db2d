import { memo } from 'react';
import { absoluteTime, relativeTime } from '../../lib/relative-time';
import {
  attemptsWords,
  codeHint,
  entityWord,
  ownMessage,
  prettyPayload,
  recordLabel,
  type DeadLetter,
} from './dead-letter-words';

/** Where a dead letter was to be written, in the words of the canvas. */
export interface DeadLetterDestination {
  /** The destination node's title on the canvas ("Xero contacts"). */
  readonly title: string;
  /** The system it writes to ("Xero"), when the node still exists and is bound. */
  readonly system: string | undefined;
}

interface DeadLetterRowProps {
  readonly letter: DeadLetter;
  readonly destination: DeadLetterDestination;
  readonly now: Date;
  /** Open letters can be selected, retried and discarded; retried and discarded ones are shown read-only. */
  readonly isOpen: boolean;
  readonly isSelected: boolean;
  /** A retry run was started for this letter and has not ended. */
  readonly isRetrying: boolean;
  readonly isBusy: boolean;
  readonly onToggle: (id: string) => void;
  readonly onRetry: (id: string) => void;
  readonly onDiscard: (id: string) => void;
}

/**
 * One dead letter: the record as a bookkeeper knows it, the system's own message first (that is what says what
 * to fix), then our code and message, attempts and time, and the data that was sent on demand.
 */
export const DeadLetterRow = memo(function DeadLetterRow({
  letter,
  destination,
  now,
  isOpen,
  isSelected,
  isRetrying,
  isBusy,
  onToggle,
  onRetry,
  onDiscard,
}: DeadLetterRowProps) {
  const label = recordLabel(letter);
  const system = destination.system ?? 'The destination';
  const ours = ownMessage(letter);
  const hint = codeHint(letter.code);
  return (
    <li
      className={`dead-letter${isSelected ? ' is-selected' : ''}`}
      data-testid="dead-letter"
      data-id={letter.id}
      data-status={letter.status}
      data-record-key={letter.recordKey}
    >
      {isOpen ? (
        <input
          type="checkbox"
          className="dead-letter-check"
          checked={isSelected}
          disabled={isRetrying}
          aria-label={`Select ${label}`}
          onChange={() => onToggle(letter.id)}
        />
      ) : (
        <span className="dead-letter-check" aria-hidden="true" />
      )}
      <div className="dead-letter-main">
        <div className="dead-letter-head">
          <strong className="dead-letter-record" data-testid="dead-letter-record">
            {label}
          </strong>
          <span className="dead-letter-where">
            {letter.action === 'create' ? 'Create' : 'Update'} {entityWord(letter.entity)}{' '}
            {letter.targetLabel && (
              <>
                <span
                  className="dead-letter-target"
                  data-testid="dead-letter-target"
                  title={`The record in ${system === 'The destination' ? 'the destination' : system} (id ${letter.targetId ?? '?'}) as it was before the write`}
                >
                  {letter.targetLabel}
                </span>{' '}
              </>
            )}
            in <span className="dead-letter-node">{destination.title}</span>
          </span>
          {!isOpen && (
            <span className={`dead-letter-status dead-letter-status-${letter.status}`}>
              {letter.status === 'retried' ? 'Retried' : 'Discarded'}
              {letter.closedAt && (
                <>
                  {' '}
                  <time dateTime={letter.closedAt} title={absoluteTime(letter.closedAt)}>
                    {relativeTime(letter.closedAt, now)}
                  </time>
                </>
              )}
            </span>
          )}
        </div>
        <p className="dead-letter-api" data-testid="dead-letter-api-message">
          <span className="dead-letter-system">{letter.apiMessage ? `${system} said` : 'Error'}</span>
          {letter.apiMessage ?? letter.message}
        </p>
        {letter.status === 'discarded' && letter.discardReason && (
          <p className="dead-letter-reason" data-testid="dead-letter-reason">
            <span className="dead-letter-system">Discarded because</span>
            {letter.discardReason}
          </p>
        )}
        <p className="dead-letter-meta">
          <code className="code-ref" title={hint}>
            {letter.code}
          </code>
          {ours && <span>{ours}</span>}
          <span>{attemptsWords(letter.attempts)}</span>
          <time dateTime={letter.createdAt} title={absoluteTime(letter.createdAt)}>
            {relativeTime(letter.createdAt, now)}
          </time>
          <span title="The record's id in its source system">
            record <code>{letter.recordKey}</code>
          </span>
        </p>
        <details className="dead-letter-payload">
          <summary>Record data</summary>
          <pre data-testid="dead-letter-payload">{prettyPayload(letter.payload)}</pre>
        </details>
      </div>
      {isOpen && (
        <div className="dead-letter-actions">
          {isRetrying ? (
            <span className="dead-letter-retrying" role="status">
              <span className="spinner" aria-hidden="true" /> Retrying…
            </span>
          ) : (
            <>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={isBusy}
                aria-label={`Retry ${label}`}
                onClick={() => onRetry(letter.id)}
              >
                Retry
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                disabled={isBusy}
                aria-label={`Discard ${label}`}
                onClick={() => onDiscard(letter.id)}
              >
                Discard
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
});
