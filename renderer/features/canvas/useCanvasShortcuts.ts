import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { FlowEditorStore } from '../flow-editor/flow-editor-store';
import { copySelection, pasteFlow, readClipboardFlow, removeElements } from '../flow-editor/flow-edits';
import { isEditableTarget, recallCopied, rememberCopied } from './clipboard';

/**
 * The editor's keys: undo (Ctrl/Cmd+Z), redo (Shift+Ctrl/Cmd+Z, Ctrl+Y), and copy, cut and paste of nodes as flow
 * JSON through the clipboard events. Text fields and Monaco keep their own undo and clipboard.
 */
export function useCanvasShortcuts(
  store: FlowEditorStore,
  canvas: React.RefObject<HTMLElement | null>,
): void {
  const { screenToFlowPosition } = useReactFlow();
  const pasteCount = useRef(0);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditableTarget(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        store.getState().undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        store.getState().redo();
      } else if (key === 'a' && canvas.current?.contains(document.activeElement)) {
        event.preventDefault();
        store.getState().setSelection(store.getState().flow.nodes.map((n) => n.id));
      }
    };

    const copy = (event: ClipboardEvent, isCut: boolean) => {
      if (isEditableTarget(event.target) || document.getSelection()?.toString()) return;
      const { flow, selectedNodeIds } = store.getState();
      const clip = copySelection(flow, new Set(selectedNodeIds));
      if (!clip) return;
      const text = JSON.stringify(clip, null, 2);
      event.clipboardData?.setData('text/plain', text);
      event.preventDefault();
      rememberCopied(text, clip);
      pasteCount.current = 0;
      if (isCut) store.getState().edit((f) => removeElements(f, selectedNodeIds));
    };

    const paste = (event: ClipboardEvent) => {
      if (isEditableTarget(event.target)) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      const remembered = recallCopied();
      const clip = text ? readClipboardFlow(text) : remembered?.flow;
      if (!clip) return;
      event.preventDefault();
      // Land the copies near the middle of the view, each further paste a step down and right.
      const rect = canvas.current?.getBoundingClientRect();
      const centre = rect
        ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
        : { x: 0, y: 0 };
      const left = Math.min(...clip.nodes.map((n) => n.position.x));
      const top = Math.min(...clip.nodes.map((n) => n.position.y));
      const step = 30 * ++pasteCount.current;
      const offset = { x: centre.x - 110 - left + step, y: centre.y - 80 - top + step };
      let pasted: string[] = [];
      store.getState().edit((f) => {
        const result = pasteFlow(f, clip, offset);
        pasted = result.nodeIds;
        return result.flow;
      });
      store.getState().setSelection(pasted);
    };

    const onCopy = (event: ClipboardEvent) => copy(event, false);
    const onCut = (event: ClipboardEvent) => copy(event, true);
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', paste);
    };
  }, [store, canvas, screenToFlowPosition]);
}
