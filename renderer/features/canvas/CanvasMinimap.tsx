import {
  Panel,
  useReactFlow,
  useStore,
  useStoreApi,
  type InternalNode,
  type ReactFlowState,
} from '@xyflow/react';
import { useEffect, useRef, type PointerEvent } from 'react';
import type { FlowCanvasNode } from './flow-to-canvas';

const WIDTH = 168;
const HEIGHT = 112;
/** Room around the drawn flow, in minimap pixels. */
const PADDING = 6;

/** The colours the minimap paints with, read from the theme's custom properties (they use `light-dark()`). */
interface MinimapColours {
  readonly background: string;
  readonly mask: string;
  readonly outline: string;
  readonly warning: string;
  readonly accent: string;
  readonly muted: string;
}

/** Minimap pixels to flow coordinates, as last drawn. */
interface Projection {
  readonly originX: number;
  readonly originY: number;
  /** Flow units per minimap pixel. */
  readonly scale: number;
}

function colourOf(node: InternalNode<FlowCanvasNode>, colours: MinimapColours): string {
  const { status, node: flowNode } = node.internals.userNode.data;
  if (status !== 'configured') return colours.warning;
  return flowNode.type === 'source' || flowNode.type === 'destination' ? colours.accent : colours.muted;
}

function resolveColours(host: HTMLElement): MinimapColours {
  const probe = document.createElement('span');
  host.append(probe);
  const read = (value: string) => {
    probe.style.color = value;
    return getComputedStyle(probe).color;
  };
  const colours = {
    background: read('var(--xy-minimap-background-color, var(--surface))'),
    mask: read('var(--xy-minimap-mask-background-color)'),
    outline: read('var(--accent)'),
    warning: read('var(--warning)'),
    accent: read('var(--accent)'),
    muted: read('var(--text-muted)'),
  };
  probe.remove();
  return colours;
}

function draw(
  context: CanvasRenderingContext2D,
  state: ReactFlowState<FlowCanvasNode>,
  colours: MinimapColours,
): Projection {
  const [tx, ty, zoom] = state.transform;
  const view = { x: -tx / zoom, y: -ty / zoom, width: state.width / zoom, height: state.height / zoom };
  let minX = view.x;
  let minY = view.y;
  let maxX = view.x + view.width;
  let maxY = view.y + view.height;
  for (const node of state.nodeLookup.values()) {
    const { x, y } = node.internals.positionAbsolute;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + (node.measured.width ?? 0));
    maxY = Math.max(maxY, y + (node.measured.height ?? 0));
  }
  const scale = Math.max((maxX - minX) / (WIDTH - 2 * PADDING), (maxY - minY) / (HEIGHT - 2 * PADDING)) || 1;
  // Centre the drawn area in the minimap.
  const originX = minX - (WIDTH * scale - (maxX - minX)) / 2;
  const originY = minY - (HEIGHT * scale - (maxY - minY)) / 2;
  const px = (x: number) => (x - originX) / scale;
  const py = (y: number) => (y - originY) / scale;

  context.fillStyle = colours.background;
  context.fillRect(0, 0, WIDTH, HEIGHT);
  // One path per colour: three fills for the whole flow rather than a colour change per node.
  const byColour = new Map<string, number[]>();
  for (const node of state.nodeLookup.values()) {
    if (node.hidden) continue;
    const colour = colourOf(node, colours);
    let rects = byColour.get(colour);
    if (!rects) byColour.set(colour, (rects = []));
    const { x, y } = node.internals.positionAbsolute;
    rects.push(
      px(x),
      py(y),
      Math.max(1, (node.measured.width ?? 0) / scale),
      Math.max(1, (node.measured.height ?? 0) / scale),
    );
  }
  for (const [colour, rects] of byColour) {
    context.beginPath();
    for (let i = 0; i < rects.length; i += 4)
      context.rect(rects[i]!, rects[i + 1]!, rects[i + 2]!, rects[i + 3]!);
    context.fillStyle = colour;
    context.fill();
  }
  // Everything outside the view dimmed, the view outlined.
  const vx = px(view.x);
  const vy = py(view.y);
  const vw = view.width / scale;
  const vh = view.height / scale;
  context.beginPath();
  context.rect(0, 0, WIDTH, HEIGHT);
  context.rect(vx, vy, vw, vh);
  context.fillStyle = colours.mask;
  context.fill('evenodd');
  context.strokeStyle = colours.outline;
  context.lineWidth = 1;
  context.strokeRect(vx + 0.5, vy + 0.5, vw - 1, vh - 1);
  return { originX, originY, scale };
}

/**
 * The shortest canvas that shows the minimap: below it (the runs dock open on a small window) the map would cover
 * a third of the canvas's height and the nodes under it, so it steps aside; zoom to fit still frames the flow.
 */
const MIN_PANE_HEIGHT = 3 * HEIGHT + 24;

/**
 * An overview of the flow drawn on one `<canvas>`: one store subscription redraws it at most once a frame, where
 * React Flow's `MiniMap` keeps a subscriber (and an SVG element) for every node, all re-run on each move of a drag
 * or pan. Pressing or dragging on it centres the view there. Hidden while the canvas is too short for it.
 */
export function CanvasMinimap({ theme }: { theme: 'light' | 'dark' }) {
  const roomy = useStore((s) => s.height >= MIN_PANE_HEIGHT);
  return roomy ? <MinimapCanvas theme={theme} /> : null;
}

function MinimapCanvas({ theme }: { theme: 'light' | 'dark' }) {
  const api = useStoreApi<FlowCanvasNode>();
  const { setViewport } = useReactFlow();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const projection = useRef<Projection>({ originX: 0, originY: 0, scale: 1 });

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // The app applies a theme change in its own effect, after this one: read the colours at the first draw.
    let colours: MinimapColours | undefined;
    let frame = 0;
    const redraw = () => {
      frame = 0;
      colours ??= resolveColours(canvas);
      projection.current = draw(context, api.getState(), colours);
    };
    frame = requestAnimationFrame(redraw);
    const unsubscribe = api.subscribe(() => {
      // Measurements arrive as in-place updates of the node lookup, so any change may have moved something.
      if (frame === 0) frame = requestAnimationFrame(redraw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [api, theme]);

  // The drawn area follows the view, so a drag keeps the projection it started with: the view then follows the
  // pointer steadily instead of chasing a map that shifts under it.
  const dragProjection = useRef<Projection>(undefined);
  const centreAt = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const { originX, originY, scale } = dragProjection.current ?? projection.current;
    const x = originX + (event.clientX - rect.left) * scale;
    const y = originY + (event.clientY - rect.top) * scale;
    const { width, height, transform } = api.getState();
    const zoom = transform[2];
    void setViewport({ x: width / 2 - x * zoom, y: height / 2 - y * zoom, zoom });
  };

  return (
    <Panel position="bottom-right" className="canvas-minimap">
      <canvas
        ref={canvasRef}
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Overview of the flow"
        data-testid="canvas-minimap"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          dragProjection.current = projection.current;
          centreAt(event);
        }}
        onPointerUp={() => {
          dragProjection.current = undefined;
        }}
        onLostPointerCapture={() => {
          dragProjection.current = undefined;
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) centreAt(event);
        }}
      />
    </Panel>
  );
}
