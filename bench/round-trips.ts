// Part 2f: database round trips per request type, read from the local
// endpoint's GET /stats around one request at a time (nothing else runs then).
// The budget test (tests/round-trips/) holds the same numbers down.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "../db/migrate.js";
import type { Stack } from "./stack.js";
import { table } from "./stats.js";

interface Stats {
  requests: number;
  statements: number;
}

/**
 * The endpoint's delay per database request while counting. It counts a
 * request once that delay has passed, and the work a request does after its
 * response starts only once the response is out, so none of that work is
 * counted before the answer as long as the response and GET /stats reach us
 * within the delay. Without it the first after-response request landed before
 * the read of /stats and "before the answer" said 3 where the Worker waits for 2.
 */
export const TRIPS_DELAY_MS = 100;
/** Time given to the work a request starts after its response (the outbox dispatch: a few delayed requests). */
const AFTER_RESPONSE_MS = 1_000;

/** A service of 60 minutes that needs one unit of a room of 2, done by `master`. */
async function roomService(dbUrl: string, master: number): Promise<number> {
  const { client } = connect({ url: dbUrl });
  try {
    const service = await client.execute("insert into services (name, duration_min, price_minor, currency) values ('Массаж (bench)', 60, 300000, 'RUB') returning id");
    const id = Number(service.rows[0]!.id);
    const room = await client.execute("insert into resources (name, kind, units) values ('Кабинет (bench)', 'room', 2) returning id");
    await client.execute({ sql: "insert into service_resources (service_id, resource_id) values (?, ?)", args: [id, Number(room.rows[0]!.id)] });
    await client.execute({ sql: "insert into staff_services (staff_id, service_id) values (?, ?)", args: [master, id] });
    return id;
  } finally {
    client.close();
  }
}

/**
 * Restarts the endpoint with TRIPS_DELAY_MS, counts, and restarts it without
 * a delay. `q.date` must be a free day of `q.master` (08:00–22:00); its 08:00
 * and 16:00 warm the ledgers.
 */
export async function roundTripTable(
  stack: Stack,
  tokens: { customer: string; admin: string },
  q: { service: number; master: number; date: string },
): Promise<{ table: string; figures: Map<string, string> }> {
  await stack.setDbDelay(TRIPS_DELAY_MS);
  try {
    return await countTrips(stack, tokens, q);
  } finally {
    await stack.setDbDelay(0);
  }
}

async function countTrips(
  stack: Stack,
  tokens: { customer: string; admin: string },
  q: { service: number; master: number; date: string },
): Promise<{ table: string; figures: Map<string, string> }> {
  const stats = async (): Promise<Stats> => (await (await fetch(`${stack.dbUrl}/stats`)).json()) as Stats;
  const auth = { authorization: `Bearer ${tokens.customer}`, "content-type": "application/json" };
  const send = async (url: string, token: string, body: unknown, key?: string) => {
    const response = await fetch(`${stack.baseUrl}${url}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`round trips setup: POST ${url} → ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, any>;
  };
  const at = (time: string) => `${q.date}T${time}`;

  // Set up first, uncounted: a certificate and a promo code issued by the
  // salon, a service that needs a room; the master's and the room's ledgers
  // load themselves on first use (once per owner, not per booking).
  const certificate = (await send("/api/v1/admin/certificates", tokens.admin, { amount_minor: 100_000 })).certificate.code as string;
  const promo = (await send("/api/v1/admin/promo-codes", tokens.admin, { code: `BENCH${randomUUID().slice(0, 8)}`, percent_off: 10 })).promo_code.code as string;
  const massage = await roomService(stack.dbUrl, q.master);
  await send("/api/v1/bookings", tokens.customer, { service_id: q.service, staff_id: q.master, appointment_datetime: at("08:00") }, randomUUID());
  await send("/api/v1/bookings", tokens.customer, { service_id: massage, staff_id: q.master, appointment_datetime: at("16:00") }, randomUUID());
  await sleep(AFTER_RESPONSE_MS);

  const rows: string[][] = [["request", "status", "before the answer", "in all", "statements"]];
  const figures = new Map<string, string>();
  const measure = async (name: string, url: string, init: RequestInit = {}) => {
    const before = await stats();
    const response = await fetch(`${stack.baseUrl}${url}`, init);
    const answered = await stats();
    const body = (await response.json()) as Record<string, any>;
    await sleep(AFTER_RESPONSE_MS);
    const after = await stats();
    const answer = answered.requests - before.requests;
    const total = after.requests - before.requests;
    rows.push([name, String(response.status), String(answer), String(total), String(after.statements - before.statements)]);
    return { body, answer, total };
  };
  const book = async (name: string, figure: string, body: Record<string, unknown>) => {
    const r = await measure(name, "/api/v1/bookings", { method: "POST", headers: { ...auth, "idempotency-key": randomUUID() }, body: JSON.stringify(body) });
    figures.set(`${figure}_answer`, String(r.answer));
    figures.set(`${figure}_total`, String(r.total));
    return r;
  };
  const booked = await book("POST /bookings", "trips_booking", { service_id: q.service, staff_id: q.master, appointment_datetime: at("10:00") });
  await book("POST /bookings with a gift certificate", "trips_certificate", { service_id: q.service, staff_id: q.master, appointment_datetime: at("11:00"), certificate_code: certificate });
  await book("POST /bookings with a promo code", "trips_promo", { service_id: q.service, staff_id: q.master, appointment_datetime: at("12:00"), promo_code: promo });
  await book("POST /bookings, a service that needs a room", "trips_room", { service_id: massage, staff_id: q.master, appointment_datetime: at("18:00") });
  const one = await measure("GET time-slots, 1 master", `/api/v1/booking/time-slots/${q.service}?staff_id=${q.master}&date=${q.date}`);
  const any = await measure("GET time-slots, any master", `/api/v1/booking/time-slots/${q.service}?date=${q.date}`);
  await measure("GET time-slots, 31-day range", `/api/v1/booking/time-slots/${q.service}?from=${q.date}&days=31`);
  figures.set("trips_slots", String(Math.max(one.total, any.total)));
  await measure("GET /bookings", "/api/v1/bookings?limit=20", { headers: auth });
  const id = booked.body.booking?.id;
  if (id !== undefined) {
    await measure("PATCH /bookings/{id} cancel", `/api/v1/bookings/${id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ action: "cancel" }) });
  }
  return { table: table(rows), figures };
}

// `npx tsx bench/round-trips.ts` runs this part alone, on a stack of its own (web/dist built).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { shutdown, startStack } = await import("./stack.js");
  const { signIn } = await import("./http.js");
  const { addDays, instantToWall } = await import("../worker/booking/zoned-time.js");
  try {
    const stack = await startStack({ masters: 1, onStep: (m) => console.error(`[bench] ${m}`) });
    const tokens = { customer: await signIn(stack.baseUrl, "+79990000100"), admin: await signIn(stack.baseUrl, "+79990000001") };
    const date = addDays(instantToWall(new Date(), "Europe/Moscow").date, 40);
    console.log((await roundTripTable(stack, tokens, { service: 3, master: stack.masterIds[0]!, date })).table);
  } finally {
    await shutdown();
  }
}
