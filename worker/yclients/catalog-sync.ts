// Catalog sync: YClients services and masters linked to ours by YClients id,
// else by exact name; the rest created inactive, so an admin completes them
// (category, description, schedule) before customers can see them.
import { eq } from "drizzle-orm";
import type { Db } from "../repo/db.js";
import { schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import type { YClientsClient } from "./client.js";
import { YcService, YcStaff } from "./schemas.js";

export interface Entry {
  yclients_id: number;
  name: string;
  local_id: number | null;
}

export interface KindDiff {
  /** Found by exact name and given the YClients id now (or would be, in a dry run). */
  linked: Entry[];
  /** Created as inactive rows (empty in a dry run). */
  created: Entry[];
  /** Already linked by YClients id. */
  unchanged: Entry[];
  /** In YClients with no counterpart here before this run. */
  missing_locally: Entry[];
  /** Linked here but YClients no longer lists them (left as they are). */
  missing_remotely: Entry[];
}

export type SkipReason = "fired" | "deleted" | "hidden" | "not_bookable_online" | "inactive";

/** Listed by YClients but not brought in, and why; a row already linked to it stays as it is. */
export interface Skipped {
  kind: "service" | "staff";
  yclients_id: number;
  name: string;
  reason: SkipReason;
  /** Our row already linked to it, if any. */
  local_id: number | null;
}

export interface CatalogDiff {
  dry_run: boolean;
  services: KindDiff;
  staff: KindDiff;
  skipped: Skipped[];
  /** Master ↔ service pairs added from YClients' service staff lists. */
  skills_added: number;
}

const emptyDiff = (): KindDiff => ({ linked: [], created: [], unchanged: [], missing_locally: [], missing_remotely: [] });

interface LocalRow {
  id: number;
  name: string;
  ycId: number | null;
}

/**
 * Matches remote rows to local ones; decides, writes nothing. `listed` is
 * every id YClients returned, skipped ones included: those are not missing.
 */
export function plan<R extends { id: number }>(remote: R[], local: LocalRow[], nameOf: (r: R) => string, listed: Set<number> = new Set(remote.map((r) => r.id))) {
  const diff = emptyDiff();
  const byYc = new Map(local.filter((l) => l.ycId !== null).map((l) => [l.ycId!, l]));
  const free = local.filter((l) => l.ycId === null);
  const toLink: { local: LocalRow; remote: R }[] = [];
  const toCreate: R[] = [];
  for (const r of remote) {
    const name = nameOf(r);
    const linked = byYc.get(r.id);
    if (linked) {
      diff.unchanged.push({ yclients_id: r.id, name, local_id: linked.id });
      continue;
    }
    const index = free.findIndex((l) => l.name.trim() === name.trim());
    if (index >= 0) {
      const [match] = free.splice(index, 1);
      toLink.push({ local: match!, remote: r });
      diff.linked.push({ yclients_id: r.id, name, local_id: match!.id });
    } else {
      toCreate.push(r);
      diff.missing_locally.push({ yclients_id: r.id, name, local_id: null });
    }
  }
  for (const l of local) if (l.ycId !== null && !listed.has(l.ycId)) diff.missing_remotely.push({ yclients_id: l.ycId, name: l.name, local_id: l.id });
  return { diff, toLink, toCreate };
}

/**
 * Masters customers cannot book online are not brought in: deleted (status 1)
 * or fired, or hidden from online booking.
 */
export function staffSkipReason(m: YcStaff): SkipReason | null {
  if (m.status === 1) return "deleted";
  if (m.fired) return "fired";
  if (m.hidden) return "hidden";
  return null;
}

/** Nor services not bookable online (service_type 0) or switched off in YClients. */
export function serviceSkipReason(r: YcService): SkipReason | null {
  if (r.service_type === 0) return "not_bookable_online";
  if (!r.active) return "inactive";
  return null;
}

export async function syncCatalog(db: Db, client: YClientsClient, opts: { dryRun: boolean }): Promise<CatalogDiff> {
  const companyId = client.config.companyId;
  const [remoteServices, remoteStaff, settings] = await Promise.all([
    client.list(`/company/${companyId}/services`, YcService),
    client.list(`/company/${companyId}/staff`, YcStaff),
    loadSettings(db),
  ]);
  const [localServices, localStaff] = await Promise.all([
    db.select({ id: s.services.id, name: s.services.name, ycId: s.services.yclientsServiceId }).from(s.services),
    db.select({ id: s.staff.id, name: s.staff.name, ycId: s.staff.yclientsStaffId }).from(s.staff),
  ]);
  const skipped: Skipped[] = [];
  const linkedService = new Map(localServices.filter((l) => l.ycId !== null).map((l) => [l.ycId!, l.id]));
  const linkedStaff = new Map(localStaff.filter((l) => l.ycId !== null).map((l) => [l.ycId!, l.id]));
  const servicesToSync = remoteServices.filter((r) => {
    const reason = serviceSkipReason(r);
    if (reason) skipped.push({ kind: "service", yclients_id: r.id, name: r.title, reason, local_id: linkedService.get(r.id) ?? null });
    return reason === null;
  });
  const staffToSync = remoteStaff.filter((m) => {
    const reason = staffSkipReason(m);
    if (reason) skipped.push({ kind: "staff", yclients_id: m.id, name: m.name, reason, local_id: linkedStaff.get(m.id) ?? null });
    return reason === null;
  });
  const services = plan(servicesToSync, localServices, (r) => r.title, new Set(remoteServices.map((r) => r.id)));
  const staff = plan(staffToSync, localStaff, (r) => r.name, new Set(remoteStaff.map((m) => m.id)));
  const result: CatalogDiff = { dry_run: opts.dryRun, services: services.diff, staff: staff.diff, skipped, skills_added: 0 };
  if (opts.dryRun) return result;

  for (const { local, remote } of services.toLink) {
    await db.update(s.services).set({ yclientsServiceId: remote.id, updatedAt: new Date().toISOString() }).where(eq(s.services.id, local.id));
  }
  for (const r of services.toCreate) {
    const [row] = await db
      .insert(s.services)
      .values({
        name: r.title,
        durationMin: Math.max(1, Math.round((r.duration ?? 3600) / 60)),
        priceMinor: Math.round((r.price_min ?? 0) * 100),
        currency: settings.currency,
        yclientsServiceId: r.id,
        active: false,
      })
      .returning({ id: s.services.id });
    result.services.created.push({ yclients_id: r.id, name: r.title, local_id: row!.id });
  }
  for (const { local, remote } of staff.toLink) {
    await db.update(s.staff).set({ yclientsStaffId: remote.id, updatedAt: new Date().toISOString() }).where(eq(s.staff.id, local.id));
  }
  for (const m of staff.toCreate) {
    const [row] = await db
      .insert(s.staff)
      .values({ name: m.name, specialization: m.specialization ?? null, photoUrl: m.avatar ?? null, yclientsStaffId: m.id, active: false })
      .returning({ id: s.staff.id });
    result.staff.created.push({ yclients_id: m.id, name: m.name, local_id: row!.id });
  }

  // Who does what, as YClients has it: added where missing, never removed here.
  const serviceIds = new Map((await db.select({ id: s.services.id, yc: s.services.yclientsServiceId }).from(s.services)).map((r) => [r.yc, r.id]));
  const staffIds = new Map((await db.select({ id: s.staff.id, yc: s.staff.yclientsStaffId }).from(s.staff)).map((r) => [r.yc, r.id]));
  for (const service of servicesToSync) {
    const serviceId = serviceIds.get(service.id);
    for (const member of service.staff) {
      const staffId = staffIds.get(member.id);
      if (serviceId === undefined || staffId === undefined) continue;
      const added = await db
        .insert(s.staffServices)
        .values({ staffId, serviceId })
        .onConflictDoNothing()
        .returning({ staffId: s.staffServices.staffId });
      result.skills_added += added.length;
    }
  }
  return result;
}
