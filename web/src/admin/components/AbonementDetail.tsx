import { A } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { addDays, formatDay, formatPhone, formatPrice } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { lastValidDay } from "../../data/abonements";
import { extendAbonement, freezeAbonement, getAbonement, voidAbonement } from "../data/abonements";
import { at, type AdminKey } from "../i18n";

const salonDay = (date: string) => formatDay(date, intlLocale(), { day: "numeric", month: "long", year: "numeric" });

/** One sold abonement: usage, uses (bookings), freezes, and extend / freeze / void, each with a reason for the audit log. Route: /admin/abonements/{id}. */
export default function AbonementDetail(props: { id: number }) {
  const [detail, { refetch }] = createResource(() => props.id, getAbonement);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal(false);

  const act = async (event: SubmitEvent, run: (f: FormData) => Promise<unknown>) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setError(null);
    setDone(false);
    try {
      await run(new FormData(form));
      form.reset();
      setDone(true);
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };
  const field = (f: FormData, name: string) => String(f.get(name) ?? "").trim();

  return (
    <Screen title={at("ab.detail", { id: props.id })} back={{ href: "/admin/abonements", label: at("ab.title") }}>
      <Loadable of={detail} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(d) => {
          const a = () => d().abonement;
          return (
            <>
              <dl class="facts facts--rows" data-testid="abonement-detail">
                <div>
                  <dt>{at("ab.name")}</dt>
                  <dd>
                    {a().name} · {formatPrice(a().price, intlLocale())}
                  </dd>
                </div>
                <div>
                  <dt>{at("ab.holder")}</dt>
                  <dd>
                    {a().holder.name ?? "—"} {a().holder.phone ? formatPhone(a().holder.phone!) : ""}
                  </dd>
                </div>
                <div>
                  <dt>{at("ab.status")}</dt>
                  <dd data-testid="abonement-status">
                    {at(`ab.status.${a().status}` as AdminKey)} · {at(`ab.soldBy.${a().sold_by}` as AdminKey)}
                    {a().end_reason ? ` · ${a().end_reason}` : ""}
                  </dd>
                </div>
                <div>
                  <dt>{at("ab.usage")}</dt>
                  <dd data-testid="abonement-usage">
                    {a().visits.left === null
                      ? at("ab.unlimitedUsage", { used: a().visits.used, reserved: a().visits.reserved })
                      : at("ab.usageCell", { used: a().visits.used, reserved: a().visits.reserved, left: a().visits.left! })}
                  </dd>
                </div>
                <div>
                  <dt>{at("ab.until")}</dt>
                  <dd data-testid="abonement-until">{a().expires_at ? lastValidDay(a().expires_at!, intlLocale()) : "—"}</dd>
                </div>
                <div>
                  <dt>{at("ab.freezes")}</dt>
                  <dd data-testid="abonement-freezes">
                    {at("ab.frozen", { used: a().frozen_days, max: a().freeze_max_days })}
                    <For each={a().freezes}>
                      {(f) => (
                        <span class="muted">
                          {" "}
                          · {salonDay(f.from)} — {salonDay(f.to)} ({f.reason})
                        </span>
                      )}
                    </For>
                  </dd>
                </div>
                <div>
                  <dt>{at("ab.services")}</dt>
                  <dd>{a().services.map((s) => s.name).join(", ")}</dd>
                </div>
                <div>
                  <dt>{at("ab.masters")}</dt>
                  <dd>{a().staff.length ? a().staff.map((s) => s.name).join(", ") : at("ab.all")}</dd>
                </div>
              </dl>

              <h2 class="section-title">{at("ab.uses")}</h2>
              <Show when={d().uses.length > 0} fallback={<p class="empty-note">{at("ab.noUses")}</p>}>
                <div class="table-wrap">
                  <table class="data-table">
                    <thead>
                      <tr>
                        <th>{at("ab.useDate")}</th>
                        <th>{at("ab.useBooking")}</th>
                        <th>{at("ab.useStatus")}</th>
                        <th class="num">{at("ab.useCovered")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={d().uses}>
                        {(u) => (
                          <tr data-booking-id={u.booking_id}>
                            <td>{salonDay(u.visit_date)}</td>
                            <td>
                              <A href={`/admin/calendar?date=${u.visit_date}`}>
                                №{u.booking_id}
                                {u.service ? ` · ${u.service.name}` : ""}
                              </A>
                            </td>
                            <td data-testid="use-status">{at(`ab.use.${u.status}` as AdminKey)}</td>
                            <td class="num">{formatPrice(u.covered, intlLocale())}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>

              <Show when={a().status === "active"}>
                <FormError message={error()} />
                <Show when={done()}>
                  <p class="notice" role="status">
                    {at("ab.done")}
                  </p>
                </Show>
                <h3 class="section-title">{at("ab.extend")}</h3>
                <form class="form form--inline" aria-label={at("ab.extend")} onSubmit={(e) => void act(e, (f) => extendAbonement(props.id, `${addDays(field(f, "date"), 1)}T00:00`, field(f, "reason")))}>
                  <div class="field">
                    <label for="ab-extend-date">{at("ab.extendTo")}</label>
                    <input id="ab-extend-date" name="date" type="date" required />
                  </div>
                  <div class="field">
                    <label for="ab-extend-reason">{at("ab.reason")}</label>
                    <input id="ab-extend-reason" name="reason" required minLength={3} maxLength={500} />
                  </div>
                  <button type="submit" class="btn">
                    {at("ab.extend")}
                  </button>
                </form>
                <Show when={a().freeze_max_days > a().frozen_days}>
                  <h3 class="section-title">{at("ab.freeze")}</h3>
                  <form class="form form--inline" aria-label={at("ab.freeze")} onSubmit={(e) => void act(e, (f) => freezeAbonement(props.id, field(f, "from"), Number(field(f, "days")), field(f, "reason")))}>
                    <div class="field">
                      <label for="ab-freeze-from">{at("ab.freezeFrom")}</label>
                      <input id="ab-freeze-from" name="from" type="date" required />
                    </div>
                    <div class="field">
                      <label for="ab-freeze-days">{at("ab.freezeDays")}</label>
                      <input id="ab-freeze-days" name="days" type="number" min="1" max={a().freeze_max_days - a().frozen_days} required />
                    </div>
                    <div class="field">
                      <label for="ab-freeze-reason">{at("ab.reason")}</label>
                      <input id="ab-freeze-reason" name="reason" required minLength={3} maxLength={500} />
                    </div>
                    <button type="submit" class="btn">
                      {at("ab.freeze")}
                    </button>
                  </form>
                </Show>
                <h3 class="section-title">{at("ab.void")}</h3>
                <form class="form form--inline" aria-label={at("ab.void")} onSubmit={(e) => void act(e, (f) => voidAbonement(props.id, field(f, "reason")))}>
                  <div class="field">
                    <label for="ab-void-reason">{at("ab.reason")}</label>
                    <input id="ab-void-reason" name="reason" required minLength={3} maxLength={500} />
                  </div>
                  <button type="submit" class="btn btn--danger">
                    {at("ab.void")}
                  </button>
                </form>
              </Show>
            </>
          );
        }}
      </Loadable>
    </Screen>
  );
}
