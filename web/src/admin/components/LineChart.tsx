import { For } from "solid-js";
import { labelEvery, linePath, niceTicks, xOf, yOf, type Frame } from "../data/chart";

type Props = { title: string; labels: string[]; series: { name: string; values: number[] }[]; format: (v: number) => string };

const FRAME: Frame = { width: 720, height: 260, left: 96, right: 16, top: 14, bottom: 32 };

/** Trend lines over periods; the table under it carries the same numbers for screen readers. */
export default function LineChart(props: Props) {
  const ticks = () => niceTicks(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const top = () => ticks()[ticks().length - 1]!;
  const every = () => labelEvery(props.labels.length, FRAME.width - FRAME.left - FRAME.right);
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} role="img" aria-label={props.title}>
        <For each={ticks()}>
          {(tick) => (
            <>
              <line class="axis" x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={yOf(FRAME, top(), tick)} y2={yOf(FRAME, top(), tick)} />
              <text x={FRAME.left - 6} y={yOf(FRAME, top(), tick) + 4} text-anchor="end">
                {props.format(tick)}
              </text>
            </>
          )}
        </For>
        <For each={props.labels}>
          {(label, i) =>
            i() % every() === 0 ? (
              <text x={xOf(FRAME, i(), props.labels.length)} y={FRAME.height - 8} text-anchor="middle">
                {label}
              </text>
            ) : null
          }
        </For>
        <For each={props.series}>
          {(s, k) => (
            <>
              <path class={`line s${k()}`} d={linePath(FRAME, top(), s.values)} />
              <For each={s.values}>{(v, i) => <circle class={`s${k()}`} cx={xOf(FRAME, i(), s.values.length)} cy={yOf(FRAME, top(), v)} r="2.5" />}</For>
            </>
          )}
        </For>
      </svg>
      <ul class="chart-legend">
        <For each={props.series}>{(s, k) => <li class={`s${k()}`}>{s.name}</li>}</For>
      </ul>
    </figure>
  );
}
