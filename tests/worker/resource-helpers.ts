// Scenario builders for rooms and machines: each test gets its own service
// (linking a seeded service would change other files' bookings), its own
// resource and its own masters.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { Env } from "../../worker/env.js";
import { type Ledger } from "../../worker/ledger/ledger.js";
import { resourceLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { adminToken, newMaster, sql } from "./scenario.js";

/** A 60-minute service nobody else books, done by `masters`. */
export async function newService(masters: number[], durationMin = 60): Promise<number> {
  const { rows } = await sql("insert into services (name, duration_min, price_minor, currency) values (?, ?, 300000, 'RUB') returning id", [`Массаж ${Math.random().toString(36).slice(2, 7)}`, durationMin]);
  const id = Number(rows[0]!.id);
  for (const staffId of masters) await sql("insert into staff_services (staff_id, service_id) values (?, ?)", [staffId, id]);
  return id;
}

/** A room with `units` units through the admin API, linked to the service. */
export async function newRoom(serviceId: number, units = 1, admin?: string): Promise<{ id: number; admin: string }> {
  const token = admin ?? (await adminToken());
  const made = await call("POST", "/api/v1/admin/resources", { token, body: { name: `Кабинет ${Math.random().toString(36).slice(2, 6)}`, kind: "room", units } });
  if (made.status !== 201) throw new Error(`room: ${made.status} ${JSON.stringify(made.body)}`);
  const linked = await call("PATCH", `/api/v1/admin/services/${serviceId}`, { token, body: { resource_ids: [made.body.resource.id] } });
  if (linked.status !== 200) throw new Error(`link: ${linked.status} ${JSON.stringify(linked.body)}`);
  return { id: made.body.resource.id, admin: token };
}

/** Masters doing a new service that needs a new room. */
export async function roomScenario(masters = 2, units = 1) {
  const staff = await Promise.all(Array.from({ length: masters }, () => newMaster({ services: [] })));
  const serviceId = await newService(staff.map((m) => m.id));
  const room = await newRoom(serviceId, units);
  return { staff, serviceId, room };
}

export const roomLedger = (resourceId: number) => resourceLedger(env as unknown as Env, resourceId);

export const unitSnapshot = (resourceId: number) => roomLedger(resourceId).unitSnapshot(resourceId);

/** Units held in the database, per booking. */
export async function unitRows(resourceId: number): Promise<{ bookingId: number; unit: number; status: string }[]> {
  const { rows } = await sql(
    "select br.booking_id, br.unit, b.status from booking_resources br join bookings b on b.id = br.booking_id where br.resource_id = ? order by br.booking_id",
    [resourceId],
  );
  return rows.map((r) => ({ bookingId: Number(r.booking_id), unit: Number(r.unit), status: String(r.status) }));
}

/** A claim in the room's ledger under a request key, taken `ageMs` ago, as a request that died after claiming would leave it. */
export const leftoverClaim = (resourceId: number, key: string, start: string, end: string, ageMs: number) =>
  runInDurableObject(roomLedger(resourceId), async (instance: Ledger) => {
    await instance.unitSnapshot(resourceId);
    const store = (instance as unknown as { unitDesk: { store: { put(c: object): void } } }).unitDesk.store;
    store.put({ key, bookingId: null, unit: 1, start, end, claimedAt: Date.now() - ageMs });
  });

/** Wipes the room ledger's storage, as a new deploy or a storage reset would. */
export const wipeRoomLedger = (resourceId: number) =>
  runInDurableObject(roomLedger(resourceId), async (_instance: Ledger, state: DurableObjectState) => {
    state.storage.sql.exec("delete from unit_claims");
    state.storage.sql.exec("delete from unit_meta");
  });
