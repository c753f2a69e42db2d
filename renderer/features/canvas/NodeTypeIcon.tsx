import type { ReactElement } from 'react';
import type { FlowNodeType } from '../../../shared/flow/flow.schema';

/** Stroke glyphs for the node types (24×24, currentColor); module-level so renders reuse the elements. */
const glyphs: Record<FlowNodeType, ReactElement> = {
  source: (
    <>
      <ellipse cx="12" cy="5" rx="8" ry="3" />
      <path d="M4 5v6c0 1.7 3.6 3 8 3M4 11v6c0 1.7 3.6 3 8 3" />
      <path d="m16 14 4 3-4 3M13 17h7" />
    </>
  ),
  destination: (
    <>
      <ellipse cx="12" cy="5" rx="8" ry="3" />
      <path d="M20 5v5M4 5v12c0 1.7 3.6 3 8 3" />
      <path d="m17 13 3 3-3 3M12 16h8" />
    </>
  ),
  mapper: (
    <>
      <path d="M4 6h6M4 12h6M4 18h6" />
      <path d="M14 6h6M14 12h6M14 18h6" />
      <path d="m10 6 4 6M10 12l4 6M10 18l4-12" />
    </>
  ),
  filter: <path d="M3 4h18l-7 8v6l-4 2v-8Z" />,
  lookup: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="m20 20-4.5-4.5" />
    </>
  ),
  'value-map': (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M12 4v16M3 10h18M3 15h18" />
    </>
  ),
};

/** A node type's glyph; decorative. */
export function NodeTypeIcon({ type, size = 16 }: { type: FlowNodeType; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {glyphs[type]}
    </svg>
  );
}
