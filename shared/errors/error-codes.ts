/**
 * The one table of Ledgerflow error codes (STYLE.md §9). Every error the app shows carries one of these codes,
 * its kind and a one-line hint that tells the user what to do next.
 */

/** What went wrong, which decides how the app reacts to it. */
export type ErrorKind =
  /** Bad input: a broken file, a bad expression, a 400 with its reason. Shown with a fix; never retried. */
  | 'user'
  /** The world misbehaved: network, 429, 5xx, an expired token. Retried, counted by the breaker. */
  | 'operational'
  /** A bug in Ledgerflow. Logged with context. */
  | 'unexpected';

/** One row of the code table. */
export interface ErrorCodeInfo {
  readonly kind: ErrorKind;
  readonly title: string;
  readonly hint: string;
}

/** Every `LF-####` code with its kind, title and hint. */
export const errorCodes = {
  'LF-1001': {
    kind: 'user',
    title: 'Invalid request',
    hint: 'The request did not match the contract; the details list each field that is wrong.',
  },
  'LF-1002': {
    kind: 'user',
    title: 'Unknown request',
    hint: 'This version of Ledgerflow has no such call; update the app or check the channel name.',
  },
  'LF-1003': {
    kind: 'user',
    title: 'Not authorised',
    hint: 'Open Ledgerflow from the link the host printed; it carries the access token.',
  },
  'LF-1101': {
    kind: 'user',
    title: 'The flow file is not valid',
    hint: 'Fix the problems listed (each names the place in the file) and import it again. Nothing was saved.',
  },
  'LF-1102': {
    kind: 'user',
    title: 'Flow not found',
    hint: 'The flow may have been deleted in another window; refresh the flows list.',
  },
  'LF-1103': {
    kind: 'user',
    title: 'A flow with this id already exists',
    hint: 'Choose whether to replace the existing flow or import this one as a copy.',
  },
  'LF-1104': {
    kind: 'user',
    title: 'The flow file is from a newer Ledgerflow',
    hint: 'Update Ledgerflow to open this file; older versions cannot read newer formats.',
  },
  'LF-1105': {
    kind: 'user',
    title: 'The file is not JSON',
    hint: 'Ledgerflow flow files are JSON; check that you picked the exported .json file.',
  },
  'LF-1106': {
    kind: 'user',
    title: 'The file is too large',
    hint: 'A flow file is at most 5 MB; check that you picked a Ledgerflow flow file.',
  },
  'LF-1108': {
    kind: 'user',
    title: 'A connection of the flow is not chosen',
    hint: "Open the flow's Connections and choose which of your companies each one uses.",
  },
  'LF-1201': {
    kind: 'operational',
    title: 'Could not write to the app data folder',
    hint: 'Check free disk space and permissions of the Ledgerflow data folder, then try again.',
  },
  'LF-1301': {
    kind: 'operational',
    title: 'The connection to the Ledgerflow host was lost',
    hint: 'Ledgerflow is reconnecting; if this persists, restart the app.',
  },
  'LF-2001': {
    kind: 'user',
    title: 'The system refused the record',
    hint: "Fix what the system's own message says (shown with the record) and retry it from the dead letters.",
  },
  'LF-2002': {
    kind: 'operational',
    title: 'Rate limited by the system',
    hint: 'Ledgerflow waits as long as the system asks (Retry-After) and tries again; nothing needs doing.',
  },
  'LF-2003': {
    kind: 'operational',
    title: 'The system is unavailable',
    hint: "A network error or a 5xx answer; Ledgerflow retries. If it lasts, check the system's status page.",
  },
  'LF-2004': {
    kind: 'user',
    title: 'The connection needs to be reconnected',
    hint: 'The authorisation expired or was revoked; press Reconnect on the Connections page and approve again.',
  },
  'LF-2005': {
    kind: 'user',
    title: 'Connection not found',
    hint: 'It may have been removed in another window; refresh the Connections page.',
  },
  'LF-2006': {
    kind: 'user',
    title: 'The system does not allow this',
    hint: 'The connection lacks the permission (scope) or the entity cannot be written; check the connection.',
  },
  'LF-2007': {
    kind: 'user',
    title: 'The record was not found in the system',
    hint: 'It may have been deleted there; check the id or match on another key.',
  },
  'LF-2008': {
    kind: 'operational',
    title: 'The keychain is not available',
    hint: 'Ledgerflow keeps secrets in the OS keychain (Secret Service on Linux); unlock or start it, then retry.',
  },
  'LF-2009': {
    kind: 'user',
    title: 'Authorisation did not complete',
    hint: 'The sign-in was cancelled, denied or timed out; press Connect (or Reconnect) to try again.',
  },
  'LF-2010': {
    kind: 'user',
    title: 'The totals would differ in the destination',
    hint: 'The destination rounds differently; compare both totals and add a rounding line or adjust the mapping.',
  },
  'LF-2011': {
    kind: 'unexpected',
    title: 'The system answered in an unexpected way',
    hint: 'The answer could not be read; the log has the details. Please report it.',
  },
  'LF-3001': {
    kind: 'operational',
    title: "The connection's circuit breaker is open",
    hint: 'The API failed repeatedly; Ledgerflow pauses calls to it and tries again on its own shortly.',
  },
  'LF-3002': {
    kind: 'operational',
    title: 'Gave up after retrying',
    hint: 'The record is in the dead-letter queue; retry it from there once the service is back.',
  },
  'LF-3003': {
    kind: 'user',
    title: 'The flow cannot run',
    hint: 'Fix the problems listed (each names its node), bind every connection, then start the run again.',
  },
  'LF-3004': {
    kind: 'user',
    title: 'An expression failed',
    hint: 'The message names the node and the field; correct the expression in the mapper or filter.',
  },
  'LF-3005': {
    kind: 'user',
    title: 'A value has no mapping',
    hint: "Add the value to the value map's table, or choose 'pass' or 'default' for unmapped values.",
  },
  'LF-3006': {
    kind: 'user',
    title: 'The referenced record was not found',
    hint: 'Sync the referenced records first (or in the same flow), or set the lookup to skip or leave it empty.',
  },
  'LF-3007': {
    kind: 'user',
    title: 'Run not found',
    hint: 'It may have been removed by the retention setting; refresh the runs list.',
  },
  'LF-3008': {
    kind: 'user',
    title: 'Dead letter not found',
    hint: 'It may have been retried or discarded in another window; refresh the dead letters.',
  },
  'LF-3009': {
    kind: 'operational',
    title: 'The engine stopped unexpectedly',
    hint: 'The run is resumed where it stopped the next time the engine starts; nothing is lost or sent twice.',
  },
  'LF-3010': {
    kind: 'user',
    title: 'This flow is already running',
    hint: 'Wait for the current run to finish, or cancel it, before starting another.',
  },
  'LF-3011': {
    kind: 'user',
    title: 'The state database is from a newer Ledgerflow',
    hint: 'Update Ledgerflow; older versions cannot read state written by newer ones.',
  },
  'LF-3012': {
    kind: 'user',
    title: 'This plan cannot be applied',
    hint: 'Run the flow in shadow mode, review the newest plan, then apply that one.',
  },
  'LF-3013': {
    kind: 'user',
    title: 'This run is not waiting for a confirmation',
    hint: 'It may have been confirmed or cancelled in another window; refresh the runs.',
  },
  'LF-9001': {
    kind: 'unexpected',
    title: 'Something went wrong inside Ledgerflow',
    hint: 'This is a bug. The log has the details; please report it with the steps that led here.',
  },
} as const satisfies Record<`LF-${number}`, ErrorCodeInfo>;

/** A code from the table. */
export type ErrorCode = keyof typeof errorCodes;

/** Whether a string is a code in the table. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}
