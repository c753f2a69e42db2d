import { LedgerflowError } from '../../shared/errors/ledgerflow-error';
import type { Notice } from '../stores/notices-slice';

/** An error as a notice: what failed, then the code's hint and the code itself. */
export function errorNotice(action: string, error: unknown): Omit<Notice, 'id'> {
  if (error instanceof LedgerflowError) {
    return { tone: 'error', text: `${action}: ${error.message}`, detail: `${error.hint} (${error.code})` };
  }
  return { tone: 'error', text: `${action}: ${error instanceof Error ? error.message : String(error)}` };
}
