// Records as the fake YClients makes them (book_record, the sandbox form):
// the documented GET /record shape with `+0300` change stamps, a client with
// name/surname/display_name and the phone as a number.
import { randomBytes } from "node:crypto";
import type { FakeState, Json } from "./yclients.js";
import { FAKE_COMPANY_ID, FAKE_FORM_ID } from "./yclients.js";

/** `2025-01-15T10:00:00+0300`: the colon-less offset YClients uses in change stamps. */
export function moscowStamp(ms: number): string {
  return `${new Date(ms + 3 * 3_600_000).toISOString().slice(0, 19)}+0300`;
}

/** A change stamp or date-time (any offset form, or salon wall time in +03:00) → epoch ms. */
export function msOf(value: unknown): number {
  if (typeof value === "number") return value * 1000;
  const text = String(value ?? "").trim().replace(" ", "T");
  const withOffset = /([+-]\d{2}):?(\d{2})$/.test(text) ? text.replace(/([+-]\d{2}):?(\d{2})$/, "$1:$2") : /Z$/.test(text) ? text : `${text}+03:00`;
  return Date.parse(withOffset);
}

/** Free hourly times of one master on one day, as book_times answers (minus records). */
export function openTimesOf(state: FakeState, staffId: number, date: string): Json[] {
  const taken = new Set(
    [...state.records.values()].filter((r) => !r.deleted && Number(r.staff_id) === staffId && String(r.date).startsWith(date)).map((r) => String(r.date).slice(11, 16)),
  );
  const times: Json[] = [];
  for (let h = 10; h <= 18; h++) {
    const time = `${String(h).padStart(2, "0")}:00`;
    if (!taken.has(time) && msOf(`${date}T${time}:00+03:00`) > Date.now() + 3_600_000) {
      times.push({ time, seance_length: 3600, sum_length: 3600, datetime: `${date}T${time}:00+03:00` });
    }
  }
  return times;
}

export function recordMaker(state: FakeState) {
  let nextRecordId = 880_100_000 + Math.floor(Math.random() * 90_000);
  /** A record in the documented GET /record shape, from what a booking form asks for. */
  const createRecord = (input: { staffId: number; serviceId: number; datetime: string; name: string; phone: string; email: string; comment?: string }) => {
    const service = state.services.find((s) => Number(s.id) === input.serviceId);
    const master = state.staff.find((m) => Number(m.id) === input.staffId);
    const start = msOf(input.datetime);
    const length = Number(service?.duration ?? 3600);
    const now = Date.now();
    const id = nextRecordId++;
    const [first, ...rest] = input.name.trim().split(/\s+/);
    const record = {
      id,
      company_id: FAKE_COMPANY_ID,
      staff_id: input.staffId,
      services: service ? [{ id: Number(service.id), title: service.title, cost: Number(service.price_min), cost_to_pay: Number(service.price_min), first_cost: Number(service.price_min), discount: 0, amount: 1 }] : [],
      staff: master ? { id: Number(master.id), name: master.name, specialization: master.specialization } : null,
      client: { id: 7_700_000 + (id % 1000), name: first ?? "", surname: rest.join(" "), display_name: input.name.trim(), phone: Number(input.phone.replace(/\D/g, "")), email: input.email },
      date: moscowStamp(start).slice(0, 19).replace("T", " "),
      datetime: `${moscowStamp(start).slice(0, 19)}+03:00`,
      create_date: moscowStamp(now),
      comment: input.comment ?? "",
      online: true,
      visit_attendance: 0,
      attendance: 0,
      confirmed: 1,
      seance_length: length,
      length,
      visit_id: String(770_000_000 + (id % 1_000_000)),
      deleted: false,
      last_change_date: moscowStamp(now),
      bookform_id: Number(FAKE_FORM_ID),
    };
    state.records.set(id, record);
    const hash = randomBytes(5).toString("hex");
    state.hashes.set(id, hash);
    return { record, hash };
  };

  const touch = (record: Json, changes: Json) => {
    const before = msOf(record.last_change_date);
    const next = { ...record, ...changes, last_change_date: moscowStamp(Number.isNaN(before) ? Date.now() : Math.max(Date.now(), before + 1000)) };
    state.records.set(Number(record.id), next);
    return next;
  };
  return { createRecord, touch };
}
