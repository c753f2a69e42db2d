import { Dialog } from '../../lib/ui/Dialog';
import type { ImportRefusal } from './flow-import';

/** Lists every problem that kept a file from being imported, each at its place in the file. */
export function ImportProblemsDialog({ refusal, onClose }: { refusal: ImportRefusal; onClose: () => void }) {
  const count = refusal.problems.length;
  return (
    <Dialog
      isOpen
      title={refusal.title}
      tone="warning"
      width="wide"
      onClose={onClose}
      testId="import-problems-dialog"
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          OK
        </button>
      }
    >
      <p className="dialog-text">
        <strong>Nothing was imported.</strong> <span className="file-name">{refusal.fileName}</span>{' '}
        {count === 1 ? 'has a problem' : `has ${count} problems`}:
      </p>
      <ul className="problem-list" aria-label="Problems in the file">
        {refusal.problems.map((problem, index) => (
          <li key={`${problem.path}-${index}`} className="problem">
            <code className="problem-path">{problem.path}</code>
            <span className="problem-message">{problem.message}</span>
          </li>
        ))}
      </ul>
      <p className="dialog-hint">
        {refusal.hint} <span className="code-ref">{refusal.code}</span>
      </p>
    </Dialog>
  );
}
