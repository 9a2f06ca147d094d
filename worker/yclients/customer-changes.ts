// A customer's (or the salon's) change to a YClients-channel booking made in
// our app goes to YClients first; our row and the master's ledger follow.
// YClients stays the truth for its records: if it refuses, nothing changes here.
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import type { SalonSettings } from "../repo/settings.js";
import { offsetMs, instantToWall } from "../booking/zoned-time.js";
import { applyRecord } from "./apply.js";
import { interactive, YClientsClient, YClientsError } from "./client.js";
import { ycConfig } from "./config.js";
import { mapRecord } from "./mapping.js";
import { cancelRecord, fetchRecord, moveRecord } from "./records.js";

const unreachable = (error: unknown) =>
  new AppError("yclients_unavailable", "YClients did not take the change just now; try again in a minute or call the salon", { error: String((error as Error)?.message ?? error) }, { "retry-after": "60" });

function clientFor(env: Env, row: BookingRow): { client: YClientsClient; recordId: number } {
  const config = ycConfig(env);
  if (!config || row.yclientsRecordId === null) throw new AppError("yclients_disabled", "This booking lives in YClients, which is switched off here; please call the salon");
  return { client: new YClientsClient(config, interactive(config)), recordId: row.yclientsRecordId };
}

/** A 4xx that is not "slow down" or "too slow": asking again gets the same answer. */
const permanent = (error: YClientsError) => error.kind === "rejected" && error.status !== 408;

const refused = (error: YClientsError) =>
  new AppError("yclients_refused", "YClients refused this change; please call the salon", { status: error.status ?? null, yclients_message: error.remoteMessage });

/**
 * Whether YClients no longer holds the record as live. Asked after a cancel
 * whose answer did not arrive: YClients may have done it all the same.
 */
async function goneInYclients(client: YClientsClient, recordId: number): Promise<boolean> {
  const record = await fetchRecord(client, recordId).catch(() => undefined);
  return record === null || record?.deleted === true;
}

/**
 * Cancels the record in YClients with the admin API. A refusal says why and
 * is not retried; a cancel left unanswered (timeout, 5xx) counts as done only
 * when `GET /record` shows the record deleted, else the customer tries again.
 */
export async function cancelInYclients(env: Env, row: BookingRow): Promise<void> {
  const { client, recordId } = clientFor(env, row);
  try {
    await cancelRecord(client, recordId);
  } catch (error) {
    if (!(error instanceof YClientsError)) throw error;
    if (permanent(error)) throw refused(error);
    if (error.kind !== "unauthorized" && (await goneInYclients(client, recordId))) return;
    throw unreachable(error);
  }
}

/** `2026-12-01T10:00:00+03:00`: the instant in the salon's offset, as YClients takes it. */
function salonIso(instant: Date, zone: string): string {
  const wall = instantToWall(instant, zone);
  const offset = offsetMs(instant.getTime(), zone) / 60_000;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${wall.date}T${wall.time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * Moves the record in YClients (where the salon lets customers do so), then
 * applies YClients' own answer through the ledger.
 */
export async function moveInYclients(db: Db, env: Env, row: BookingRow, instant: Date, settings: SalonSettings, byCustomer: boolean): Promise<BookingRow> {
  if (byCustomer && !settings.yclientsCustomerReschedule) {
    throw new AppError("reschedule_not_allowed", "This salon does not let YClients bookings be moved online; cancel and book again, or call the salon");
  }
  const { client, recordId } = clientFor(env, row);
  try {
    await moveRecord(client, recordId, salonIso(instant, settings.timeZone));
  } catch (error) {
    if (error instanceof YClientsError && error.kind === "rejected") throw new AppError("slot_taken", "YClients did not accept this time; pick another", { alternatives: [] });
    if (error instanceof YClientsError) throw unreachable(error);
    throw error;
  }
  const fresh = await fetchRecord(client, recordId).catch(() => null);
  const mapped = fresh ? mapRecord(fresh, settings.timeZone) : null;
  // The webhook and reconciliation will bring the change if this read fails.
  if (!mapped || "error" in mapped) return { ...row, startAt: instant.toISOString(), endAt: new Date(instant.getTime() + Date.parse(row.endAt) - Date.parse(row.startAt)).toISOString() };
  return (await applyRecord(db, env, mapped, settings)).booking;
}
