import { useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { fitViewOptions } from './canvas-view';

/**
 * When the canvas changes size (the runs panel opens under it, the window is resized) and not one node is left in
 * view, the flow is framed again, so a bookkeeper never looks at an empty canvas wondering where the flow went. A
 * view that still shows part of the flow is the user's own and is left alone.
 */
export function KeepFlowInView() {
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const { getNodesBounds, getNodes, getViewport, fitView } = useReactFlow();
  const last = useRef({ width, height });

  useEffect(() => {
    const before = last.current;
    last.current = { width, height };
    if (!width || !height || (before.width === width && before.height === height)) return;
    const nodes = getNodes();
    if (nodes.length === 0) return;
    const bounds = getNodesBounds(nodes);
    const { x, y, zoom } = getViewport();
    const view = { left: -x / zoom, top: -y / zoom, right: (width - x) / zoom, bottom: (height - y) / zoom };
    const isAnyVisible =
      bounds.x < view.right &&
      bounds.x + bounds.width > view.left &&
      bounds.y < view.bottom &&
      bounds.y + bounds.height > view.top;
    if (!isAnyVisible) void fitView({ ...fitViewOptions, duration: 200 });
  }, [width, height, getNodes, getNodesBounds, getViewport, fitView]);

  return null;
}
