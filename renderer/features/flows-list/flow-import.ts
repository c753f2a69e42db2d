import { errorCodes } from '../../../shared/errors/error-codes';
import {
  isPathProblemList,
  LedgerflowError,
  type PathProblem,
} from '../../../shared/errors/ledgerflow-error';
import { flowLimits } from '../../../shared/flow/flow.schema';

/** Why an import was refused, in the words the problems dialog shows. */
export interface ImportRefusal {
  readonly kind: 'refused';
  readonly fileName: string;
  readonly code: string;
  readonly title: string;
  readonly hint: string;
  readonly problems: readonly PathProblem[];
}

/** The file's flow id is taken: the user chooses to replace the flow or import a copy. */
export interface ImportConflict {
  readonly kind: 'conflict';
  readonly fileName: string;
  readonly text: string;
  readonly existingName: string;
  readonly importedName: string;
}

const refusalCodes = new Set(['LF-1101', 'LF-1104', 'LF-1105', 'LF-1106']);

/**
 * Reads a failed `flows.import` into what the UI shows: the problems dialog (LF-1101/1104/1105/1106), the
 * conflict dialog (LF-1103), or undefined for anything else (shown as an error notice).
 */
export function describeImportFailure(
  error: unknown,
  fileName: string,
  text: string,
): ImportRefusal | ImportConflict | undefined {
  if (!(error instanceof LedgerflowError)) return undefined;
  if (error.code === 'LF-1103') {
    const details = (error.details ?? {}) as { existingName?: unknown; importedName?: unknown };
    return {
      kind: 'conflict',
      fileName,
      text,
      existingName: typeof details.existingName === 'string' ? details.existingName : 'another flow',
      importedName: typeof details.importedName === 'string' ? details.importedName : fileName,
    };
  }
  if (!refusalCodes.has(error.code)) return undefined;
  const problems = isPathProblemList(error.details)
    ? error.details
    : [{ path: '(file)', message: error.message }];
  return {
    kind: 'refused',
    fileName,
    code: error.code,
    title: errorCodes[error.code].title,
    hint: error.hint,
    problems,
  };
}

/**
 * Refuses a file that is too large before it is read or sent: the host would refuse it anyway, and a message
 * above the WebSocket's size limit would drop the connection instead of answering.
 */
export function refuseOversizedFile(file: { name: string; size: number }): ImportRefusal | undefined {
  if (file.size <= flowLimits.fileBytes) return undefined;
  const info = errorCodes['LF-1106'];
  return {
    kind: 'refused',
    fileName: file.name,
    code: 'LF-1106',
    title: info.title,
    hint: info.hint,
    problems: [
      { path: '(file)', message: `is ${(file.size / 1e6).toFixed(1)} MB; a flow file is at most 5 MB` },
    ],
  };
}
