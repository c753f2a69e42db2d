import type { CallOutput } from '../../../shared/contract/contract-registry';
import { errorCodes, isErrorCode } from '../../../shared/errors/error-codes';
import { entityLabels, type EntityName } from '../../../shared/records/entities';

/** A dead letter as the contract gives it. */
export type DeadLetter = CallOutput<'runs.deadLetters.list'>['deadLetters'][number];

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined;

const field = (payload: Readonly<Record<string, unknown>>, path: string): string | undefined => {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return text(value);
};

const money = (amount: string | undefined, currency: string | undefined): string | undefined =>
  amount ? (currency ? `${amount} ${currency}` : amount) : undefined;

/**
 * What a bookkeeper recognises a record by, from the data that was sent: a contact's name and number, an
 * invoice's number, customer, date and total, an item's code and name. Falls back to the record's key in its
 * source (an id that means little to a person, so it is only the last resort).
 */
export function recordLabel(letter: Pick<DeadLetter, 'entity' | 'payload' | 'recordKey'>): string {
  const p = letter.payload;
  const get = (path: string) => field(p, path);
  let parts: Array<string | undefined>;
  switch (letter.entity) {
    case 'contact':
      parts = [get('name'), get('number')];
      break;
    case 'invoice':
    case 'creditNote':
    case 'salesOrder':
      parts = [
        get('number') ?? get('reference'),
        get('contact.name') ?? get('contact.number'),
        get('issueDate') ?? get('orderDate'),
        money(get('total'), get('currency')),
      ];
      break;
    case 'payment':
      parts = [get('invoice.number') ?? get('reference'), get('date'), money(get('amount'), get('currency'))];
      break;
    case 'stockLevel':
      parts = [get('itemCode'), get('warehouse')];
      break;
    default:
      parts = [get('code'), get('name')];
  }
  return parts.filter(Boolean).join(' · ') || letter.recordKey;
}

/** "contact", "invoice": the entity in words. */
export function entityWord(entity: string): string {
  return entityLabels[entity as EntityName]?.one ?? entity;
}

/**
 * Our own message without the API's message repeated at its end ("Xero refused the contact: <API message>"
 * becomes "Xero refused the contact"), because the API's message is shown above it on its own.
 */
export function ownMessage(letter: Pick<DeadLetter, 'message' | 'apiMessage'>): string {
  const { message, apiMessage } = letter;
  if (!apiMessage || message === apiMessage) return apiMessage ? '' : message;
  if (!message.endsWith(apiMessage)) return message;
  return message.slice(0, -apiMessage.length).replace(/[\s:–—-]+$/, '');
}

/** What to do about an error code, from the code table (undefined for an unknown code). */
export function codeHint(code: string): string | undefined {
  return isErrorCode(code) ? errorCodes[code].hint : undefined;
}

/** "1 attempt", "10 attempts". */
export function attemptsWords(attempts: number): string {
  return `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
}

/** "1 dead letter", "3 dead letters". */
export function deadLetterCount(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'dead letter' : 'dead letters'}`;
}

/** Newest first; ties by id so the order is stable between refreshes. */
export function newestFirst(letters: readonly DeadLetter[]): DeadLetter[] {
  return [...letters].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** The payload as the user reads it: indented JSON, keys in the order they were sent. */
export function prettyPayload(payload: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(payload, null, 2);
}
