import { useSearchParams } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import type { ClassSession } from "../../../../worker/contracts/classes";
import Screen from "../../components/Screen";
import { addDays, formatDay } from "../../format";
import { intlLocale } from "../../i18n";
import { settled } from "../../resource";
import SaveOutcome from "../components/SaveOutcome";
import { cancelClass, createClass, getAdminClasses, getAdminServices, getAdminStaff, getClassSeats, markSeat, updateClass } from "../data/api";
import { createAttempt } from "../data/attempt";
import { int, text } from "../data/form";
import { at } from "../i18n";

/** Days of sessions the screen lists. */
const DAYS = 31;

/**
 * Group class sessions: schedule one (or one a week until a date), see the
 * month's sessions with their seats, open one for its seat list (who, paid,
 * attended) and mark attendance, change its seats, cancel it. Route: /admin/classes[?id=].
 */
export default function Classes() {
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const today = new Date().toLocaleDateString("sv-SE");
  const [sessions, { refetch }] = createResource(() => getAdminClasses(today, addDays(today, DAYS)));
  const [services] = createResource(getAdminServices);
  const [staff] = createResource(getAdminStaff);
  const [seats, { refetch: refetchSeats }] = createResource(() => (params.id ? Number(params.id) : undefined), getClassSeats);
  const [report, setReport] = createSignal<string | null>(null);
  const { error, notice, attempt } = createAttempt(async () => {
    await refetch();
    if (params.id) await refetchSeats();
  });

  const classServices = () => (settled(services)?.services ?? []).filter((s) => s.is_class && s.active);
  const masters = () => settled(staff)?.staff ?? [];

  const schedule = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const until = text(f, "repeat_weekly_until");
    setReport(null);
    void attempt(async () => {
      const made = await createClass({
        service_id: int(f, "service_id"),
        staff_id: int(f, "staff_id"),
        start_at: `${text(f, "date")}T${text(f, "time")}`,
        seats: int(f, "seats"),
        ...(until ? { repeat_weekly_until: until } : {}),
      });
      const skipped = made.conflicts.map((c) => formatDay(c.local_date, intlLocale())).join(", ");
      setReport([at("cls.made", { n: made.sessions.length }), skipped ? at("cls.skipped", { dates: skipped }) : ""].filter(Boolean).join(". "));
    });
  };

  const line = (s: ClassSession) => `${formatDay(s.local_date, intlLocale())}, ${s.local_time} · ${s.service.name} · ${s.staff.name}`;

  return (
    <Screen title={at("cls.title")}>
      <SaveOutcome error={error()} notice={notice()} />
      <Show when={report()}>{(r) => <p role="status" data-testid="class-report">{r()}</p>}</Show>
      <div class="panel-grid">
        <div>
          <ul class="pick-list" aria-label={at("cls.title")}>
            <For each={settled(sessions)?.classes ?? []} fallback={<li>{at("cls.none")}</li>}>
              {(s) => (
                <li data-class-id={s.id}>
                  <button type="button" class="pick" aria-current={params.id === String(s.id)} onClick={() => setParams({ id: String(s.id) })}>
                    {line(s)} · {s.status === "cancelled" ? at("cls.cancelled") : at("cls.seatsOf", { taken: s.seats - s.seats_left, seats: s.seats })}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
        <div>
          <Show when={settled(seats)}>
            {(loaded) => (
              <section class="card" aria-labelledby="seat-list-title" data-testid="seat-list">
                <h2 class="section-title" id="seat-list-title">
                  {line(loaded().class)} — {at("cls.seatList")}
                </h2>
                <ul class="plain-list">
                  <For each={loaded().seats.filter((x) => x.status !== "cancelled")} fallback={<li>{at("cls.noSeats")}</li>}>
                    {(seat) => (
                      <li>
                        <Show when={seat.customer_name}>{(n) => <strong>{n()} </strong>}</Show>
                        <span>{seat.phone}</span>
                        <Show when={seat.paid}> · {at("cls.paid")}</Show>
                        <div class="actions">
                          <button type="button" class="btn btn--small" aria-pressed={seat.attended === true} onClick={() => void attempt(() => markSeat(loaded().class.id, seat.booking_id, true))}>
                            {at("cls.attended")}
                          </button>
                          <button type="button" class="btn btn--small" aria-pressed={seat.attended === false} onClick={() => void attempt(() => markSeat(loaded().class.id, seat.booking_id, false))}>
                            {at("cls.noShow")}
                          </button>
                        </div>
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={loaded().class.status === "scheduled"}>
                  <form class="row" onSubmit={(e) => { e.preventDefault(); const f = new FormData(e.currentTarget); void attempt(() => updateClass(loaded().class.id, { seats: int(f, "seats") })); }}>
                    <div class="field">
                      <label for="cls-seats-edit">{at("cls.seats")}</label>
                      <input id="cls-seats-edit" name="seats" type="number" min="1" max="500" value={loaded().class.seats} />
                    </div>
                    <button type="submit" class="btn">{at("cls.saveSeats")}</button>
                  </form>
                  <button type="button" class="btn btn--danger" onClick={() => void attempt(() => cancelClass(loaded().class.id))}>
                    {at("cls.cancel")}
                  </button>
                </Show>
              </section>
            )}
          </Show>
          <form class="card" aria-labelledby="cls-new-title" onSubmit={(e) => { e.preventDefault(); schedule(e.currentTarget); }}>
            <h2 class="section-title" id="cls-new-title">{at("cls.new")}</h2>
            <div class="field">
              <label for="cls-service">{at("cls.service")}</label>
              <select id="cls-service" name="service_id" required>
                <For each={classServices()}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="cls-master">{at("cls.master")}</label>
              <select id="cls-master" name="staff_id" required>
                <For each={masters().filter((m) => m.active)}>{(m) => <option value={m.id}>{m.name}</option>}</For>
              </select>
            </div>
            <div class="row">
              <div class="field">
                <label for="cls-date">{at("cls.date")}</label>
                <input id="cls-date" name="date" type="date" required min={today} />
              </div>
              <div class="field">
                <label for="cls-time">{at("cls.time")}</label>
                <input id="cls-time" name="time" type="time" required step="300" />
              </div>
              <div class="field">
                <label for="cls-seats">{at("cls.seats")}</label>
                <input id="cls-seats" name="seats" type="number" min="1" max="500" required value={classServices()[0]?.default_seats ?? 10} />
              </div>
            </div>
            <div class="field">
              <label for="cls-until">{at("cls.repeatUntil")}</label>
              <input id="cls-until" name="repeat_weekly_until" type="date" min={today} />
            </div>
            <button type="submit" class="btn btn--primary">{at("cls.create")}</button>
          </form>
        </div>
      </div>
    </Screen>
  );
}
