import type { FitViewOptions } from '@xyflow/react';

/** How "fit" frames the flow: clear of the toolbar above and the minimap's corner, never zoomed past 100 %. */
export const fitViewOptions: FitViewOptions = {
  padding: { top: '76px', bottom: '48px', left: '56px', right: '56px' },
  maxZoom: 1,
};
