import { For, type JSX } from "solid-js";
import { downloadCsv, type Table } from "../data/csv";
import { at } from "../i18n";

type Props = { title: string; file: string; table: Table; numeric?: boolean[]; children: JSX.Element };

/** A chart, the table of its numbers under it, and the table as CSV. */
export default function ChartBlock(props: Props) {
  return (
    <section class="chart-block" aria-label={props.title}>
      <div class="chart-block__head">
        <h2 class="section-title">{props.title}</h2>
        <button type="button" class="btn btn--small" onClick={() => downloadCsv(props.file, props.table)}>
          {at("stats.csv")}
        </button>
      </div>
      {props.children}
      {/* A table wider than the screen scrolls: focusable, so it scrolls from the keyboard too (WCAG 2.1.1). */}
      <div class="table-wrap" tabindex="0" role="region" aria-label={at("stats.tableOf", { title: props.title })}>
        <table class="data-table">
          <thead>
            <tr>
              <For each={props.table.head}>{(h, i) => <th class={props.numeric?.[i()] ? "num" : undefined}>{h}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.table.rows}>
              {(row) => (
                <tr>
                  <For each={row}>{(c, i) => <td class={props.numeric?.[i()] ? "num" : undefined}>{c}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}
