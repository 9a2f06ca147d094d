// Geometry of the hand-drawn SVG charts: nice axis ticks, point paths, bar
// sizes. A chart library would add tens of KiB to draw two chart kinds.

/** Round tick values from 0 to at least `max`: 0, 2 000, 4 000 … (about `count` steps). */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

export type Frame = { width: number; height: number; left: number; right: number; top: number; bottom: number };

/** y of `value` on an axis from 0 to `top` inside the frame. */
export const yOf = (f: Frame, top: number, value: number): number => f.height - f.bottom - (top > 0 ? (value / top) * (f.height - f.top - f.bottom) : 0);

/** x of the i-th of n points, spread across the plot (one point sits in the middle). */
export const xOf = (f: Frame, i: number, n: number): number => {
  const w = f.width - f.left - f.right;
  return n <= 1 ? f.left + w / 2 : f.left + (i / (n - 1)) * w;
};

/** SVG path through the values: "M x y L x y …". */
export function linePath(f: Frame, top: number, values: number[]): string {
  return values.map((v, i) => `${i === 0 ? "M" : "L"}${xOf(f, i, values.length).toFixed(1)} ${yOf(f, top, v).toFixed(1)}`).join(" ");
}

/** Shows every k-th label so that labels of `labelWidth` px do not collide. */
export function labelEvery(n: number, plotWidth: number, labelWidth = 56): number {
  return Math.max(1, Math.ceil((n * labelWidth) / Math.max(1, plotWidth)));
}
