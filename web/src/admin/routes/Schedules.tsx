import { useSearchParams } from "@solidjs/router";
import { For, Show, createEffect, createResource, createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { StaffList } from "../../../../worker/contracts/catalog";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { addDays, formatDay } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { settled } from "../../resource";
import SaveOutcome from "../components/SaveOutcome";
import StrandedGuard from "../components/StrandedGuard";
import { read } from "../data/http";
import { addDay, addException, editDay, getSchedule, removeException, strandedBookings, type NewException, type StrandedBooking } from "../data/schedules";
import { lineChange, weekLines, type WeekLine } from "../data/week";
import { at } from "../i18n";

const A_MONDAY = "2024-01-01";

/** Masters' weekly hours with breaks, and date exceptions; a change that strands bookings lists them first. Route: /admin/schedules. */
export default function Schedules() {
  const [params, setParams] = useSearchParams<{ staff?: string }>();
  const [staff] = createResource(() => read("/staff", StaffList));
  const staffId = () => Number(params.staff) || settled(staff)?.staff[0]?.id;
  const [schedule, { refetch }] = createResource(staffId, getSchedule);
  const [lines, setLines] = createStore<WeekLine[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [guard, setGuard] = createSignal<{ bookings: StrandedBooking[]; retry: () => Promise<unknown> } | null>(null);

  // The grid is an editable copy of what the server holds, renewed after every save.
  createEffect(() => {
    const s = settled(schedule);
    if (s) setLines(reconcile(weekLines(s.schedule)));
  });
  const loaded = () => settled(schedule);

  /** Runs a change; a schedule_conflict shows the stranded list with a "force" that repeats it. */
  const attempt = async (work: (force: boolean) => Promise<unknown>) => {
    setError(null);
    setNotice(null);
    setGuard(null);
    try {
      await work(false);
      setNotice(at("admin.saved"));
      await refetch();
    } catch (err) {
      const stranded = strandedBookings(err);
      if (stranded) setGuard({ bookings: stranded, retry: () => work(true) });
      else setError(errorMessage(err, locale()));
    }
  };
  const force = async () => {
    const g = guard();
    if (!g) return;
    setGuard(null);
    try {
      const result = (await g.retry()) as { flagged_booking_ids?: number[] };
      setNotice(at("sched.flagged", { count: result.flagged_booking_ids?.length ?? 0 }));
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    }
  };

  const saveLine = (i: number) => {
    const id = staffId();
    const line = lines[i];
    if (!id || !line) return;
    const change = lineChange(line);
    if (change.op === "none") return;
    void attempt((f) => (change.op === "add" ? addDay(id, line.day, change.hours, f) : editDay(id, change.rowId, change.hours, f)));
  };

  const submitException = (form: HTMLFormElement) => {
    const id = staffId();
    if (!id) return;
    const f = new FormData(form);
    const kind = String(f.get("kind")) as NewException["kind"];
    const e: NewException = { kind, start_date: String(f.get("start_date")), end_date: String(f.get("end_date")) };
    if (kind === "custom_hours") Object.assign(e, { start_time: String(f.get("start_time")), end_time: String(f.get("end_time")) });
    const note = String(f.get("note") ?? "").trim();
    if (note) e.note = note;
    void attempt((force) => addException(id, e, force));
  };

  return (
    <Screen title={at("sched.title")}>
      <div class="panel-grid">
        <ul class="pick-list" aria-label={at("nav.masters")}>
          <For each={settled(staff)?.staff ?? []}>
            {(m) => (
              <li>
                <button type="button" aria-pressed={m.id === staffId()} onClick={() => setParams({ staff: String(m.id) })}>
                  {m.name}
                  <span class="muted"> · {m.specialization}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
        <div>
          <SaveOutcome error={error()} notice={notice()} />
          <Show when={guard()}>{(g) => <StrandedGuard bookings={g().bookings} onForce={() => void force()} onCancel={() => setGuard(null)} />}</Show>
          <Loadable of={schedule} errorTitle={at("admin.loadError")} onRetry={() => void refetch()} rows={4}>
            {() => (
              <Show when={loaded()}>
                {(s) => (
                  <>
                    <h2 class="section-title">{at("sched.weekly")}</h2>
                    <div class="table-wrap">
                      <table class="data-table week-grid">
                        <thead>
                          <tr>
                            <th>{at("sched.weekday")}</th>
                            <th>{at("sched.works")}</th>
                            <th>{at("sched.start")}</th>
                            <th>{at("sched.end")}</th>
                            <th>{at("sched.breaks")}</th>
                            <th>{at("sched.actions")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={lines}>
                            {(row, index) => {
                              const i = index(); // the seven weekday lines never move
                              const line = () => row;
                              const dayName = () => formatDay(addDays(A_MONDAY, line().day), intlLocale(), { weekday: "long" });
                              return (
                                <tr data-weekday={line().day}>
                                  <th scope="row">{dayName()}</th>
                                  <td>
                                    <input type="checkbox" aria-label={`${at("sched.works")}: ${dayName()}`} checked={line().works} onChange={(e) => setLines(i, "works", e.currentTarget.checked)} />
                                  </td>
                                  <td>
                                    <input type="time" step="300" aria-label={`${at("sched.start")}: ${dayName()}`} value={line().start} onChange={(e) => setLines(i, "start", e.currentTarget.value)} />
                                  </td>
                                  <td>
                                    <input type="time" step="300" aria-label={`${at("sched.end")}: ${dayName()}`} value={line().end} onChange={(e) => setLines(i, "end", e.currentTarget.value)} />
                                  </td>
                                  <td>
                                    <For each={line().breaks}>
                                      {(brk, jndex) => {
                                        // the break's position now: removing one shifts the ones after it
                                        const j = jndex;
                                        const b = () => brk;
                                        return (
                                        <div class="input-row">
                                          <input type="time" step="300" aria-label={`${at("sched.breaks")} ${j() + 1} ${at("sched.start")}`} value={b().start_time} onChange={(e) => setLines(i, "breaks", j(), "start_time", e.currentTarget.value)} />
                                          <input type="time" step="300" aria-label={`${at("sched.breaks")} ${j() + 1} ${at("sched.end")}`} value={b().end_time} onChange={(e) => setLines(i, "breaks", j(), "end_time", e.currentTarget.value)} />
                                          <button type="button" class="btn btn--small" aria-label={at("admin.delete")} onClick={() => setLines(i, "breaks", (list) => list.filter((_, k) => k !== j()))}>
                                            ✕
                                          </button>
                                        </div>
                                        );
                                      }}
                                    </For>
                                    <button type="button" class="btn btn--small" onClick={() => setLines(i, "breaks", (list) => [...list, { start_time: "13:00", end_time: "14:00" }])}>
                                      {at("sched.addBreak")}
                                    </button>
                                  </td>
                                  <td>
                                    <button type="button" class="btn btn--small btn--primary" onClick={() => saveLine(i)}>
                                      {at("admin.save")}
                                    </button>
                                  </td>
                                </tr>
                              );
                            }}
                          </For>
                        </tbody>
                      </table>
                    </div>

                    <h2 class="section-title">{at("sched.exceptions")}</h2>
                    <ul class="plain-list">
                      <For each={s().exceptions}>
                        {(e) => (
                          <li data-exception-id={e.id}>
                            {formatDay(e.start_date, intlLocale())} – {formatDay(e.end_date, intlLocale())}: {at(`sched.kind.${e.kind}`)}
                            <Show when={e.start_time}> {e.start_time}–{e.end_time}</Show>
                            <Show when={e.note}> · {e.note}</Show>{" "}
                            <button type="button" class="btn btn--small" onClick={() => void attempt((f) => removeException(staffId()!, e.id, f))}>
                              {at("admin.delete")}
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                    <form class="form form--inline" aria-label={at("sched.addException")} onSubmit={(e) => (e.preventDefault(), submitException(e.currentTarget))}>
                      <div class="field">
                        <label for="ex-kind">{at("sched.kind")}</label>
                        <select id="ex-kind" name="kind">
                          <option value="day_off">{at("sched.kind.day_off")}</option>
                          <option value="vacation">{at("sched.kind.vacation")}</option>
                          <option value="custom_hours">{at("sched.kind.custom_hours")}</option>
                        </select>
                      </div>
                      <div class="field">
                        <label for="ex-from">{at("sched.fromDate")}</label>
                        <input id="ex-from" name="start_date" type="date" required />
                      </div>
                      <div class="field">
                        <label for="ex-to">{at("sched.toDate")}</label>
                        <input id="ex-to" name="end_date" type="date" required />
                      </div>
                      <div class="field">
                        <label for="ex-st">{at("sched.start")}</label>
                        <input id="ex-st" name="start_time" type="time" step="300" />
                      </div>
                      <div class="field">
                        <label for="ex-et">{at("sched.end")}</label>
                        <input id="ex-et" name="end_time" type="time" step="300" />
                      </div>
                      <div class="field">
                        <label for="ex-note">{at("sched.note")}</label>
                        <input id="ex-note" name="note" maxLength={500} />
                      </div>
                      <button type="submit" class="btn btn--primary">
                        {at("sched.addException")}
                      </button>
                    </form>
                  </>
                )}
              </Show>
            )}
          </Loadable>
        </div>
      </div>
    </Screen>
  );
}
