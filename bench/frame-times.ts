/**
 * Frame times from requestAnimationFrame timestamps. Chromium clamps `performance.now()` and rAF timestamps to
 * 0.1 ms (a timing-attack mitigation), so at 60 Hz an idle page's deltas read 16.6, 16.7 and 16.8 ms although no
 * frame was late: a raw p95 of "16.8" says nothing about dropped frames. Each delta is therefore snapped to whole
 * display intervals (the interval is the median delta of the recording, ~16.67 ms): a frame on time is one
 * interval, a frame that missed one vsync is two (33.3 ms), and so on. The raw p95 is reported beside it.
 */
export interface FrameStats {
  /** The display interval the deltas were snapped to (ms). */
  readonly intervalMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly rawP95Ms: number;
  /** Frames later than one interval, as a share of all frames (0…1). */
  readonly droppedShare: number;
  readonly frames: number;
}

const percentile = (values: readonly number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

export function frameStats(deltas: readonly number[]): FrameStats {
  const interval = percentile(deltas, 0.5);
  const snapped = deltas.map((d) => Math.max(1, Math.round(d / interval)) * interval);
  return {
    intervalMs: Number(interval.toFixed(2)),
    p95Ms: Number(percentile(snapped, 0.95).toFixed(1)),
    maxMs: Number(Math.max(...snapped).toFixed(1)),
    rawP95Ms: Number(percentile(deltas, 0.95).toFixed(1)),
    droppedShare: snapped.filter((s) => s > interval * 1.5).length / Math.max(1, snapped.length),
    frames: deltas.length,
  };
}
