import { useSearchParams } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import FormError from "../../components/FormError";
import { errorMessage } from "../../data/errors";
import { StaffList } from "../../../../worker/contracts/catalog";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { formatDay, formatPrice, todayIn } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { settled } from "../../resource";
import BarChart from "../components/BarChart";
import ChartBlock from "../components/ChartBlock";
import LineChart from "../components/LineChart";
import { getStats, statsCsv } from "../data/api";
import { downloadBlob } from "../../data/download";
import { FALLBACK_TIME_ZONE, loadSalon } from "../../data/salon";
import { read } from "../data/http";
import { bookingsTable, channelsTable, defaultRange, revenueTable, servicesTable, splitBars, splitColumns, splitTable, staffTable } from "../data/stats-view";
import { at } from "../i18n";

/** Revenue and what paid for it, bookings, occupancy, clients, services and channels over a period. Route: /admin/stats. */
export default function Stats() {
  const [params, setParams] = useSearchParams<{ from?: string; to?: string; group?: string; staff?: string }>();
  const [salon] = createResource(loadSalon);
  const range = () => defaultRange(todayIn(settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE));
  const query = () => ({
    from: params.from ?? range().from,
    to: params.to ?? range().to,
    group: params.group === "week" || params.group === "month" ? params.group : "day",
    staffId: Number(params.staff) || undefined,
  });
  const [stats, { refetch }] = createResource(query, getStats);
  const [staff] = createResource(() => read("/staff", StaffList));
  const [csvError, setCsvError] = createSignal<string | null>(null);

  const money = (currency: string) => (minor: number) => formatPrice({ amount_minor: Math.round(minor), currency }, intlLocale());
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const period = (d: string) => formatDay(d, intlLocale(), query().group === "month" ? { month: "short", year: "numeric" } : { day: "numeric", month: "short" });
  const heads = () => ({
    period: at("stats.period"),
    bookings: at("stats.bookings"),
    paid: `${at("stats.revenue")}: ${at("stats.revenuePaid")}`,
    expected: `${at("stats.revenue")}: ${at("stats.revenueExpected")}`,
    avg: at("stats.avgCheck"),
    cancelled: at("stats.cancelRate"),
    noShow: at("stats.noShowRate"),
    master: at("cal.master"),
    booked: at("stats.bookedMin"),
    working: at("stats.workMin"),
    occupancy: at("stats.occupancy"),
    service: at("book.service"),
    channel: at("panel.channel"),
  });
  const splitLabels = () => ({
    what: at("stats.split.what"),
    total: at("stats.split.total"),
    master: at("cal.master"),
    service: at("book.service"),
    columns: Object.fromEntries(splitColumns.map((k) => [k, at(`stats.split.${k}`)])) as Record<(typeof splitColumns)[number], string>,
  });
  const file = (what: string) => `stats-${what}-${query().from}-${query().to}.csv`;

  return (
    <Screen title={at("stats.title")}>
      <form class="form form--inline stats-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="st-from">{at("stats.from")}</label>
          <input id="st-from" type="date" value={query().from} onChange={(e) => setParams({ from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="st-to">{at("stats.to")}</label>
          <input id="st-to" type="date" value={query().to} onChange={(e) => setParams({ to: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="st-group">{at("stats.group")}</label>
          <select id="st-group" onChange={(e) => setParams({ group: e.currentTarget.value })}>
            <For each={["day", "week", "month"] as const}>
              {(g) => (
                <option value={g} selected={query().group === g}>
                  {at(`stats.group.${g}`)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="st-staff">{at("cal.master")}</label>
          <select id="st-staff" onChange={(e) => setParams({ staff: e.currentTarget.value || undefined })}>
            <option value="">{at("stats.allMasters")}</option>
            <For each={settled(staff)?.staff ?? []}>
              {(m) => (
                <option value={m.id} selected={m.id === query().staffId}>
                  {m.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <button
          type="button"
          class="btn"
          onClick={async () => {
            setCsvError(null);
            try {
              downloadBlob(file("all"), await statsCsv(query()));
            } catch (err) {
              setCsvError(errorMessage(err, locale()));
            }
          }}
        >
          {at("stats.csvAll")}
        </button>
      </form>
      <FormError message={csvError()} />
      <Loadable of={stats} errorTitle={at("admin.loadError")} onRetry={() => void refetch()} rows={4}>
        {(s) => {
          const m = money(s().currency);
          const f = { money: m, percent, period };
          const kpi = (label: string, value: string) => (
            <div class="kpi">
              <div class="kpi__value">{value}</div>
              <div class="kpi__label">{label}</div>
            </div>
          );
          return (
            <>
              <div class="kpis">
                {kpi(`${at("stats.revenue")}: ${at("stats.revenuePaid")}`, m(s().totals.revenue_paid_minor))}
                {kpi(`${at("stats.revenue")}: ${at("stats.revenueExpected")}`, m(s().totals.revenue_expected_minor))}
                {kpi(at("stats.avgCheck"), m(s().totals.average_check_minor))}
                {kpi(at("stats.bookings"), String(s().totals.bookings))}
                {kpi(at("stats.cancelRate"), percent(s().totals.cancellation_rate))}
                {kpi(at("stats.noShowRate"), percent(s().totals.no_show_rate))}
                {kpi(at("stats.newClients"), String(s().totals.new_clients))}
                {kpi(at("stats.returningClients"), String(s().totals.returning_clients))}
                {kpi(at("stats.prepayments"), m(s().totals.prepayments_minor))}
                {kpi(at("stats.refunds"), m(s().totals.refunds_minor))}
              </div>
              <Show when={s().series.length > 0} fallback={<p class="empty-note">{at("stats.empty")}</p>}>
                <ChartBlock title={at("stats.revenue")} file={file("revenue")} table={revenueTable(s(), heads(), f)} numeric={[false, true, true, true]}>
                  <LineChart
                    title={at("stats.revenue")}
                    labels={s().series.map((p) => period(p.period))}
                    format={(v) => m(v)}
                    series={[
                      { name: at("stats.revenuePaid"), values: s().series.map((p) => p.revenue_paid_minor) },
                      { name: at("stats.revenueExpected"), values: s().series.map((p) => p.revenue_expected_minor) },
                    ]}
                  />
                </ChartBlock>
                <Show when={s().revenue_split && s().revenue_split!.total.list_price_minor > 0 ? s().revenue_split : undefined}>
                  {(split) => (
                    <div data-testid="revenue-split">
                      <ChartBlock title={at("stats.split")} file={file("split")} table={splitTable(s(), splitLabels(), f)} numeric={[false, ...splitColumns.map(() => true)]}>
                        <p class="hint">{at("stats.split.note")}</p>
                        <BarChart title={at("stats.split")} bars={splitBars.map((k) => ({ label: at(`stats.split.${k}`), value: split().total[k] }))} format={(v) => m(v)} />
                      </ChartBlock>
                    </div>
                  )}
                </Show>
                <ChartBlock title={at("stats.bookings")} file={file("bookings")} table={bookingsTable(s(), heads(), f)} numeric={[false, true, true, true]}>
                  <LineChart
                    title={at("stats.bookings")}
                    labels={s().series.map((p) => period(p.period))}
                    format={String}
                    series={[
                      { name: at("stats.bookings"), values: s().series.map((p) => p.bookings) },
                      { name: at("stats.cancelRate"), values: s().series.map((p) => p.cancelled) },
                      { name: at("stats.noShowRate"), values: s().series.map((p) => p.no_show) },
                    ]}
                  />
                </ChartBlock>
              </Show>
              <ChartBlock title={at("stats.occupancy")} file={file("occupancy")} table={staffTable(s(), heads(), f)} numeric={[false, true, true, true, true, true]}>
                <BarChart title={at("stats.occupancy")} bars={s().staff.map((x) => ({ label: x.name, value: x.occupancy }))} format={percent} max={Math.max(1, ...s().staff.map((x) => x.occupancy))} />
              </ChartBlock>
              <ChartBlock title={at("stats.topServices")} file={file("services")} table={servicesTable(s(), heads(), f)} numeric={[false, true, true]}>
                <BarChart title={at("stats.topServices")} bars={s().top_services.map((x) => ({ label: x.name, value: x.bookings }))} format={String} />
              </ChartBlock>
              <ChartBlock title={at("stats.channels")} file={file("channels")} table={channelsTable(s(), heads(), f, (c) => at(c === "yclients" ? "channel.yclients" : "channel.internal"))} numeric={[false, true, true]}>
                <BarChart title={at("stats.channels")} bars={s().channels.map((x) => ({ label: at(x.channel === "yclients" ? "channel.yclients" : "channel.internal"), value: x.bookings }))} format={String} />
              </ChartBlock>
            </>
          );
        }}
      </Loadable>
    </Screen>
  );
}
