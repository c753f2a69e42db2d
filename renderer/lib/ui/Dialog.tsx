import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  readonly isOpen: boolean;
  readonly title: string;
  /** Called on Escape, on the backdrop, and by the close button. */
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** The buttons at the bottom, right-aligned. */
  readonly footer?: ReactNode;
  readonly tone?: 'default' | 'danger' | 'warning';
  readonly width?: 'narrow' | 'wide';
  readonly testId?: string;
}

/**
 * A modal on the native `<dialog>`: the browser traps focus, closes on Escape and restores focus on close.
 * The first element marked `autoFocus` inside receives focus.
 */
export function Dialog({
  isOpen,
  title,
  onClose,
  children,
  footer,
  tone = 'default',
  width = 'narrow',
  testId,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${width} dialog-${tone}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: let React state decide, so the dialog and the state never disagree.
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {isOpen && (
        <div className="dialog-body">
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-content">{children}</div>
          {footer && <div className="dialog-footer">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}
