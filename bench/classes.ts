// 2h. The last seats of a class session: 50 customers POST a seat at once
// when 3 of 5 are left. The session's ledger counts the seats in its claim,
// so exactly 3 win; the rest are 409 class_full (after one database read on
// the contended path confirming the seats taken). Goal: all answered in ≤ 1.5 s.
import { randomUUID } from "node:crypto";
import { type LoadResult, runLoad } from "./http.js";
import { ms, summarize, table } from "./stats.js";

const RACERS = 50;
const SEATS = 5;
const TAKEN = 2;

async function post<T>(url: string, token: string, body: unknown, key?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** `adminToken`: seats are booked by staff for 50 phones (a customer may hold only a few bookings). */
export async function racingSeats(opts: { baseUrl: string; adminToken: string; date: string }): Promise<{ text: string; result: LoadResult }> {
  const api = `${opts.baseUrl}/api/v1`;
  const service = await post<{ service: { id: number } }>(`${api}/admin/services`, opts.adminToken, { name: `Bench class ${randomUUID().slice(0, 6)}`, duration_min: 60, price_minor: 50000, is_class: true });
  const master = await post<{ staff: { id: number } }>(`${api}/admin/staff`, opts.adminToken, { name: `Bench coach ${randomUUID().slice(0, 6)}`, services: [{ service_id: service.body.service.id }] });
  const made = await post<{ class: { id: number } }>(`${api}/admin/classes`, opts.adminToken, { service_id: service.body.service.id, staff_id: master.body.staff.id, start_at: `${opts.date}T08:00`, seats: SEATS });
  if (made.status !== 201) throw new Error(`2h: the session was answered ${made.status}`);
  const seatsUrl = `${api}/classes/${made.body.class.id}/seats`;
  const phone = (i: number) => `+7999${String(7_000_000 + i).padStart(7, "0")}`;
  for (let i = 0; i < TAKEN; i++) await post(seatsUrl, opts.adminToken, { phone: phone(900 + i) }, randomUUID());
  const result = await runLoad(RACERS, RACERS, async (i) => {
    const res = await fetch(seatsUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${opts.adminToken}`, "idempotency-key": randomUUID() },
      body: JSON.stringify({ phone: phone(i) }),
    });
    return { status: res.status, text: await res.text() };
  }, [201, 409]);
  const s = summarize(result.outcomes.map((o) => o.ms));
  const count = (status: number) => result.outcomes.filter((o) => o.status === status).length;
  const text = [
    `2h. The last ${SEATS - TAKEN} seats of a class session: ${RACERS} concurrent POST /classes/{id}/seats, ${opts.date}`,
    table([
      ["seats left", "201", "409", "other", "wall", "p50", "p99"],
      [String(SEATS - TAKEN), String(count(201)), String(count(409)), String(result.outcomes.length - count(201) - count(409)), ms(result.wallMs), ms(s.p50), ms(s.p99)],
    ]),
  ].join("\n");
  return { text, result };
}
