import { useSearchParams } from "@solidjs/router";
import { For, Match, Show, Switch, createMemo, createResource, createSignal, onCleanup, onMount } from "solid-js";
import type { Calendar as CalendarData } from "../../../../worker/contracts/admin";
import { ServiceList, StaffList } from "../../../../worker/contracts/catalog";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { FALLBACK_TIME_ZONE, loadSalon } from "../../data/salon";
import { user } from "../../data/session";
import { addDays, formatDay, mondayOf, todayIn } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { settled } from "../../resource";
import BookingPanel from "../components/BookingPanel";
import DayColumn, { type GridItem } from "../components/DayColumn";
import NewEntryPanel from "../components/NewEntryPanel";
import SidePanel from "../components/SidePanel";
import { getCalendar, getResources, removeBlock } from "../data/api";
import { roomColumns } from "../data/rooms";
import { bookingSpan, freeStarts, gridWindow, shownOnGrid, toMinutes, workDay } from "../data/calendar";
import { read } from "../data/http";
import { at } from "../i18n";

/** How often the open calendar asks again, so that two admins see the same day. */
const POLL_MS = 15_000;
const SCALE = 1.2; // px per minute: an hour is 72px

type Selected = { kind: "booking"; id: number } | { kind: "block"; id: number } | { kind: "new"; staffId: number; date: string; minute: number } | null;

/** Day view with a column per master, or a week of one master; the master's own day for masters. Route: /admin/calendar. */
export default function CalendarScreen() {
  const [params, setParams] = useSearchParams<{ view?: string; date?: string; staff?: string }>();
  const [salon] = createResource(loadSalon);
  const zone = () => settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE;
  const step = () => settled(salon)?.data.salon.slot_step_min ?? 30;
  const grid = () => settled(salon)?.data.salon.slot_grid ?? "period_start";
  const isAdmin = () => user()?.role === "admin";
  const view = () => (params.view === "week" ? "week" : params.view === "rooms" && isAdmin() ? "rooms" : "day");
  const date = () => (params.date && /^\d{4}-\d{2}-\d{2}$/.test(params.date) ? params.date : todayIn(zone()));
  const from = () => (view() === "week" ? mondayOf(date()) : date());
  const ownStaff = () => user()?.staff_id ?? null;
  const weekStaff = () => (isAdmin() ? Number(params.staff) || undefined : (ownStaff() ?? undefined));

  const [catalog] = createResource(() => read("/services", ServiceList));
  const [staffList] = createResource(() => read("/staff", StaffList));
  // Rooms as columns (each unit its own column): admins only.
  const [rooms] = createResource(() => view() === "rooms", (on) => (on ? getResources() : Promise.resolve({ resources: [] })));
  const [cal, { refetch }] = createResource(
    () => ({ from: from(), days: view() === "week" ? 7 : 1, staff: view() === "week" ? weekStaff() : undefined }),
    async (q) => ({ data: await getCalendar(q.from, q.days, q.staff ? [q.staff] : undefined), at: new Date() }),
  );
  const [selected, setSelected] = createSignal<Selected>(null);
  const [error, setError] = createSignal<string | null>(null);

  onMount(() => {
    const timer = setInterval(() => document.visibilityState === "visible" && cal.state === "ready" && void refetch(), POLL_MS);
    const onFocus = () => void refetch();
    window.addEventListener("focus", onFocus);
    onCleanup(() => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    });
  });

  const shift = (n: number) => setParams({ date: addDays(date(), view() === "week" ? 7 * n : n) });
  const masters = () => settled(cal)?.data.staff.map((s) => ({ id: s.id, name: s.name })) ?? [];
  const servicesOf = (staffId: number) => {
    const ids = new Set(settled(staffList)?.staff.find((s) => s.id === staffId)?.service_ids ?? []);
    return (settled(catalog)?.services ?? []).filter((s) => !s.is_addon && s.booking_method === "internal" && ids.has(s.id));
  };

  /** Columns to draw: masters of one day, or the days of one master's week. */
  const columns = createMemo(() => {
    const data: CalendarData | undefined = settled(cal)?.data;
    if (!data) return { window: [540, 1260] as [number, number], cols: [] };
    const days = view() === "week" ? [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(data.from, i)) : [data.from];
    const people = view() === "week" ? data.staff.slice(0, 1) : data.staff;
    const cols = people.flatMap((m) =>
      days.map((d) => {
        const items = [
          ...data.bookings.filter((b) => b.staff?.id === m.id && b.local_date === d && shownOnGrid(b)).map((b) => ({ item: { kind: "booking", booking: b } as GridItem, ...bookingSpan(b) })),
          ...data.blocks.filter((k) => k.staff_id === m.id && k.local_date === d).map((k) => ({ item: { kind: "block", block: k } as GridItem, start: toMinutes(k.local_start), end: toMinutes(k.local_end) })),
        ];
        const label = view() === "week" ? formatDay(d, intlLocale()) : m.name;
        return { staff: m, date: d, label, day: workDay(m.days.find((x) => x.date === d)), items };
      }),
    );
    const window = gridWindow(cols.map((c) => c.day), cols.flatMap((c) => c.items));
    if (view() === "rooms") return { window, cols: roomColumns(settled(rooms)?.resources ?? [], data, window, (name, unit) => at("cal.unit", { name, unit })) };
    return { window, cols };
  });
  const hours = () => {
    const [s, e] = columns().window;
    return Array.from({ length: Math.ceil((e - s) / 60) }, (_, i) => s + i * 60);
  };

  const open = (it: GridItem) => setSelected(it.kind === "booking" ? { kind: "booking", id: it.booking.id } : { kind: "block", id: it.block.id });
  const done = () => {
    setSelected(null);
    void refetch();
  };

  return (
    <Screen title={isAdmin() ? at("cal.title") : at("nav.myDay")}>
      <div class="toolbar cal-toolbar">
        <div class="segmented" role="group" aria-label={at("cal.view")}>
          <button type="button" class="btn btn--small" aria-pressed={view() === "day"} onClick={() => setParams({ view: "day" })}>
            {at("cal.day")}
          </button>
          <button type="button" class="btn btn--small" aria-pressed={view() === "week"} onClick={() => setParams({ view: "week" })}>
            {at("cal.week")}
          </button>
          <Show when={isAdmin()}>
            <button type="button" class="btn btn--small" aria-pressed={view() === "rooms"} onClick={() => setParams({ view: "rooms" })}>
              {at("cal.rooms")}
            </button>
          </Show>
        </div>
        <div class="pager">
          <button type="button" class="btn btn--small" onClick={() => shift(-1)} aria-label={at("cal.prev")}>
            ‹
          </button>
          <input type="date" class="pager__date" aria-label={at("book.date")} value={date()} onChange={(e) => e.currentTarget.value && setParams({ date: e.currentTarget.value })} />
          <button type="button" class="btn btn--small" onClick={() => shift(1)} aria-label={at("cal.next")}>
            ›
          </button>
          <button type="button" class="btn btn--small" onClick={() => setParams({ date: undefined })}>
            {at("cal.today")}
          </button>
        </div>
        <Show when={view() === "week" && isAdmin()}>
          <label class="inline-field">
            {at("cal.master")}{" "}
            <select value={String(weekStaff() ?? settled(staffList)?.staff[0]?.id ?? "")} onChange={(e) => setParams({ staff: e.currentTarget.value })}>
              <For each={settled(staffList)?.staff ?? []}>{(m) => <option value={m.id}>{m.name}</option>}</For>
            </select>
          </label>
        </Show>
        <Show when={settled(cal)}>
          {(c) => <span class="muted cal-updated">{at("cal.updated", { time: c().at.toLocaleTimeString(intlLocale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" }) })}</span>}
        </Show>
      </div>
      <ul class="cal-legend" aria-label={at("cal.legend")}>
        <li class="cal-legend__item cal-legend__item--internal">{at("cal.legend.internal")}</li>
        <li class="cal-legend__item cal-legend__item--yclients">{at("cal.legend.yclients")}</li>
        <li class="cal-legend__item cal-legend__item--offline">{at("cal.legend.offline")}</li>
        <li class="cal-legend__item cal-legend__item--block">{at("cal.legend.block")}</li>
        <li class="cal-legend__item cal-legend__item--closed">{at("cal.legend.break")}</li>
      </ul>
      <FormError message={error()} />
      <div class="cal-layout" classList={{ "cal-layout--panel": selected() !== null }}>
        <Loadable of={cal} errorTitle={at("admin.loadError")} onRetry={() => void refetch()} rows={4}>
          {() => (
            <div class="cal-scroll">
              <div class="cal-grid" style={{ "--cols": String(columns().cols.length) }}>
                <div class="cal-gutter" aria-hidden="true">
                  <div class="cal-col__head" />
                  <div class="cal-gutter__body" style={{ height: `${(columns().window[1] - columns().window[0]) * SCALE}px` }}>
                    <For each={hours()}>{(h) => <span style={{ top: `${(h - columns().window[0]) * SCALE}px` }}>{`${String(h / 60).padStart(2, "0")}:00`}</span>}</For>
                  </div>
                </div>
                <For each={columns().cols}>
                  {(c) => (
                    <DayColumn
                      label={c.label}
                      day={c.day}
                      window={columns().window}
                      scale={SCALE}
                      items={c.items}
                      step={step()}
                      free={c.staff ? freeStarts(c.day, columns().window, step(), c.items, grid()) : []}
                      onPick={(minute) => c.staff && setSelected({ kind: "new", staffId: c.staff.id, date: c.date, minute })}
                      onOpen={open}
                    />
                  )}
                </For>
              </div>
            </div>
          )}
        </Loadable>
        <Switch>
          <Match when={selected()?.kind === "booking" && (selected() as { id: number })}>
            {(s) => (
              <BookingPanel
                id={s().id}
                masters={isAdmin() ? (settled(staffList)?.staff ?? []) : masters()}
                isAdmin={isAdmin()}
                timeZone={settled(salon)?.data.salon.time_zone}
                onClose={() => setSelected(null)}
                onChanged={() => void refetch()}
              />
            )}
          </Match>
          <Match when={selected()?.kind === "block" && (selected() as { id: number })}>
            {(s) => (
              <SidePanel title={at("block.title")} onClose={() => setSelected(null)}>
                <button
                  type="button"
                  class="btn btn--danger"
                  onClick={async () => {
                    try {
                      await removeBlock(s().id);
                      done();
                    } catch (err) {
                      setError(errorMessage(err, locale()));
                    }
                  }}
                >
                  {at("block.remove")}
                </button>
              </SidePanel>
            )}
          </Match>
          <Match when={selected()?.kind === "new" && (selected() as { staffId: number; date: string; minute: number })}>
            {(s) => (
              <NewEntryPanel
                master={masters().find((m) => m.id === s().staffId) ?? { id: s().staffId, name: "" }}
                date={s().date}
                minute={s().minute}
                timeZone={settled(salon)?.data.salon.time_zone}
                services={servicesOf(s().staffId)}
                canLookUp={isAdmin()}
                onClose={() => setSelected(null)}
                onDone={done}
              />
            )}
          </Match>
        </Switch>
      </div>
    </Screen>
  );
}

