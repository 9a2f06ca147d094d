import { For } from "solid-js";
import { niceTicks } from "../data/chart";

type Props = { title: string; bars: { label: string; value: number }[]; format: (v: number) => string; max?: number };

const ROW = 30;
const LABEL_W = 220;
const WIDTH = 720;

/** Horizontal bars, one per master or service; long names fit on a phone. */
export default function BarChart(props: Props) {
  const top = () => props.max ?? niceTicks(Math.max(0, ...props.bars.map((b) => b.value))).at(-1)!;
  const w = (v: number) => (top() > 0 ? (v / top()) * (WIDTH - LABEL_W - 80) : 0);
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${Math.max(1, props.bars.length) * ROW + 8}`} role="img" aria-label={props.title}>
      <For each={props.bars}>
        {(b, i) => (
          <>
            <text x={LABEL_W - 8} y={i() * ROW + 18} text-anchor="end">
              {b.label.length > 20 ? `${b.label.slice(0, 19)}…` : b.label}
            </text>
            <rect class="s0" x={LABEL_W} y={i() * ROW + 5} width={Math.max(1, w(b.value))} height={ROW - 10} rx="3" />
            <text x={LABEL_W + w(b.value) + 6} y={i() * ROW + 18}>
              {props.format(b.value)}
            </text>
          </>
        )}
      </For>
    </svg>
  );
}
