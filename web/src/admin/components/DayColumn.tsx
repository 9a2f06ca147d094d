import { For, Show } from "solid-js";
import type { Booking } from "../../../../worker/contracts/bookings";
import type { TimeBlock } from "../../../../worker/contracts/admin";
import { statusKey } from "../../components/BookingCard";
import { t } from "../../i18n";
import { channelOf, closedStretches, placeInLanes, toClock, type Placed, type WorkDay } from "../data/calendar";
import { at } from "../i18n";
import { formatPhone } from "../../format";

export type GridItem = { kind: "booking"; booking: Booking } | { kind: "block"; block: TimeBlock };

type Props = {
  /** column heading: a master's name or a weekday */
  label: string;
  day: WorkDay;
  window: [number, number];
  /** px per minute */
  scale: number;
  items: { item: GridItem; start: number; end: number }[];
  /** start times an empty cell offers */
  free: number[];
  step: number;
  onPick: (minute: number) => void;
  onOpen: (item: GridItem) => void;
};

const y = (p: Props, m: number) => (m - p.window[0]) * p.scale;

/** One master's day (or one day of a master's week) on the time grid. */
export default function DayColumn(props: Props) {
  const placed = () => placeInLanes(props.items);
  const box = (p: Placed<GridItem>) =>
    `top:${y(props, p.start)}px;height:${Math.max(18, (p.end - p.start) * props.scale - 2)}px;left:${(p.lane / p.lanes) * 100}%;width:${100 / p.lanes}%`;
  return (
    <div class="cal-col" role="group" aria-label={props.label}>
      <div class="cal-col__head">
        <span class="cal-col__name" title={props.label}>
          {props.label}
        </span>
        <Show when={props.day.closed}>
          <span class="cal-col__off">{props.day.closed === "vacation" ? t("slot.reason.vacation") : at("cal.dayOff")}</span>
        </Show>
      </div>
      <div class="cal-col__body" style={{ height: `${(props.window[1] - props.window[0]) * props.scale}px` }}>
        <For each={closedStretches(props.day, props.window)}>
          {([s, e]) => <div class="cal-closed" style={{ top: `${y(props, s)}px`, height: `${(e - s) * props.scale}px` }} />}
        </For>
        <For each={props.free}>
          {(m) => (
            <button
              type="button"
              class="cal-cell"
              data-time={toClock(m)}
              style={{ top: `${y(props, m)}px`, height: `${props.step * props.scale}px` }}
              aria-label={at("cal.emptyCell", { master: props.label, time: toClock(m) })}
              onClick={() => props.onPick(m)}
            />
          )}
        </For>
        <For each={placed()}>
          {(p) => {
            const it = p.item;
            if (it.kind === "block") {
              return (
                <button type="button" class="cal-item cal-item--block" data-block-id={it.block.id} style={box(p)} onClick={() => props.onOpen(it)}>
                  <span class="cal-item__time">
                    {it.block.local_start}–{it.block.local_end}
                  </span>{" "}
                  {at("cal.block")}
                  <Show when={it.block.reason}>: {it.block.reason}</Show>
                </button>
              );
            }
            const b = it.booking;
            return (
              <button
                type="button"
                class={`cal-item cal-item--${b.status} cal-item--ch-${channelOf(b)}`}
                classList={{ "cal-item--attention": Boolean(b.needs_attention) }}
                title={b.needs_attention ?? undefined}
                data-booking-id={b.id}
                data-status={b.status}
                style={box(p)}
                onClick={() => props.onOpen(it)}
              >
                <span class="cal-item__time">{b.local_time}</span> {b.service?.name}
                <span class="cal-item__who">{b.customer_name ?? formatPhone(b.phone)}</span>
                <span class="sr-only">, {t(statusKey(b.status))}</span>
              </button>
            );
          }}
        </For>
      </div>
    </div>
  );
}
