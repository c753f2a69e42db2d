import type { Flow } from '../../../shared/flow/flow.schema';

/**
 * The last nodes copied in this window. The system clipboard carries the same flow JSON (so a paste works in
 * another window or app, and text copied elsewhere can be pasted here); this copy covers browsers that keep the
 * clipboard from the page (headless, or without focus).
 */
let lastCopied: { text: string; flow: Flow } | undefined;

/** Remembers copied nodes. */
export function rememberCopied(text: string, flow: Flow): void {
  lastCopied = { text, flow };
}

/** The nodes copied last in this window, if any. */
export function recallCopied(): { text: string; flow: Flow } | undefined {
  return lastCopied;
}

/** Whether a keyboard or clipboard event belongs to a text field (inputs, Monaco) rather than the canvas. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.monaco-editor, dialog[open]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
