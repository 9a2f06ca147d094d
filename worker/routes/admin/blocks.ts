// /admin/blocks: time a master cannot be booked (training, lunch, an errand).
// Created and removed through the master's ledger, exactly like a booking, so
// a block never lands on a booking and a booking never lands on a block.
import { readAppointment } from "../../booking/appointment.js";
import { doc } from "../../http/openapi.js";
import { addDays, instantToWall, wallTimeToInstant } from "../../booking/zoned-time.js";
import { BlockEnvelope, BlockList, BlocksQuery, CreateBlockBody, RemovedBlock, type TimeBlock } from "../../contracts/admin.js";
import { AppError } from "../../errors.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { ledgerFor } from "../../ledger/staff-ledger.js";
import { activeStaffIds, findStaffAdmin } from "../../repo/admin-staff.js";
import { auditInsert } from "../../repo/audit.js";
import { type BlockRow, blocksBetween, findBlock } from "../../repo/blocks.js";
import { requestDb } from "../../repo/db.js";
import { scheduledClassOfBlock } from "../../repo/classes.js";
import { loadSettings } from "../../repo/settings.js";
import { calendarApp, ensureOwnCalendar, visibleStaff } from "./access.js";
import { ensureFound } from "./shared.js";

export const blocksRoutes = calendarApp();

const MAX_BLOCK_MS = 14 * 86_400_000;

export function blockView(b: BlockRow, zone: string): TimeBlock {
  const start = instantToWall(new Date(b.startAt), zone);
  const end = instantToWall(new Date(b.endAt), zone);
  return {
    id: b.id,
    staff_id: b.staffId,
    start_at: b.startAt,
    end_at: b.endAt,
    local_date: start.date,
    local_start: start.time,
    local_end: end.date === start.date ? end.time : "24:00",
    reason: b.reason,
    created_by: b.createdBy,
    created_at: b.createdAt,
  };
}

/** UTC instants bounding salon dates from…to (inclusive). */
export function dayRange(from: string, to: string, zone: string): { fromUtc: string; toUtc: string } {
  const start = wallTimeToInstant(from, "00:00", zone);
  const end = wallTimeToInstant(addDays(to, 1), "00:00", zone);
  if (!start || !end) throw new AppError("validation_failed", "from/to are not valid dates");
  return { fromUtc: start.toISOString(), toUtc: end.toISOString() };
}

blocksRoutes.get("/", doc({ tag: "Back office", summary: "Time blocks of the masters between two salon dates", description: "Masters see their own blocks only.", access: "staff", query: BlocksQuery, responses: { 200: ["The blocks", BlockList] } }), async (c) => {
  const q = parseWith(BlocksQuery, c.req.query(), "query");
  if (q.from > q.to) throw new AppError("validation_failed", "to must not be before from");
  if (addDays(q.from, 62) < q.to) throw new AppError("validation_failed", "ask for at most 62 days at a time");
  const db = requestDb(c);
  const { timeZone } = await loadSettings(db);
  const staffIds = visibleStaff(c.get("user"), q.staff_id === undefined ? undefined : [q.staff_id]);
  const { fromUtc, toUtc } = dayRange(q.from, q.to, timeZone);
  const rows = await blocksBetween(db, staffIds ?? (await activeStaffIds(db)), fromUtc, toUtc);
  return c.json({ blocks: rows.map((b) => blockView(b, timeZone)) });
});

function instantOf(value: string, zone: string, field: string): Date {
  const read = readAppointment(value, zone);
  if (typeof read === "string") throw new AppError("validation_failed", `${field} is not a valid local time`, { field });
  return read.instant;
}

blocksRoutes.post("/", doc({ tag: "Back office", summary: "Block a master's time (salon wall time)", description: "A master may block their own time, an admin anyone's. The block goes through the master's ledger like a booking.", access: "staff", body: CreateBlockBody, responses: { 201: ["The block", BlockEnvelope], 403: "`forbidden`: a master blocks only their own time", 404: "`not_found`: no such master", 409: "`slot_taken`: it overlaps a booking or another block", 422: "`invalid_block`: it ends before it starts, is over, or is longer than 14 days" } }), async (c) => {
  const body = await jsonBody(c, CreateBlockBody);
  const user = c.get("user");
  ensureOwnCalendar(user, body.staff_id);
  const db = requestDb(c);
  const { timeZone } = await loadSettings(db);
  const start = instantOf(body.start, timeZone, "start");
  const end = instantOf(body.end, timeZone, "end");
  if (start >= end) throw new AppError("invalid_block", "end must be after start");
  if (end.getTime() - start.getTime() > MAX_BLOCK_MS) throw new AppError("invalid_block", "A block is at most 14 days; use a vacation for longer");
  if (end.getTime() <= Date.now()) throw new AppError("invalid_block", "This time is already over");
  ensureFound(await findStaffAdmin(db, body.staff_id), `Master ${body.staff_id}`);
  const result = await ledgerFor(c.env, body.staff_id).block({
    staffId: body.staff_id,
    startAt: start.toISOString(),
    endAt: end.toISOString(),
    reason: body.reason,
    createdBy: user.id,
  });
  if (!result.ok) {
    if (result.reason === "overlap") throw new AppError("slot_taken", "The master is busy during part of this time", { conflicts: result.conflicts });
    throw new AppError("ledger_unavailable", "Could not save the block just now; try again in a few seconds", undefined, { "retry-after": "2" });
  }
  const block = blockView(result.block, timeZone);
  await auditInsert(db, user, { action: "create", entity: "block", entityId: block.id, after: block });
  return c.json({ block }, 201);
});

blocksRoutes.delete("/:id", doc({ tag: "Back office", summary: "Remove a time block (repeating the call answers the same removal)", access: "staff", params: { id: "Block id" }, responses: { 200: ["The removed block and when it was removed", RemovedBlock], 404: "`not_found`", 409: "`class_session_time`: the block is a scheduled class session's time (cancel the session)" } }), async (c) => {
  const id = idParam(c);
  const user = c.get("user");
  const db = requestDb(c);
  const row = ensureFound(await findBlock(db, id), `Block ${id}`);
  ensureOwnCalendar(user, row.staffId);
  const { timeZone } = await loadSettings(db);
  if (row.removedAt) return c.json({ block: blockView(row, timeZone), removed_at: row.removedAt });
  // A class session's time is freed by cancelling the session (its seats are told), not here.
  if (await scheduledClassOfBlock(db, id)) throw new AppError("class_session_time", "This time belongs to a class session; cancel the session instead");
  const result = await ledgerFor(c.env, row.staffId).unblock(row.staffId, id);
  if (!result.ok) throw new AppError("ledger_unavailable", "Could not remove the block just now; try again in a few seconds", undefined, { "retry-after": "2" });
  const removed = result.block ?? (await findBlock(db, id))!;
  await auditInsert(db, user, { action: "delete", entity: "block", entityId: id, before: blockView(row, timeZone), after: { removed_at: removed.removedAt } });
  return c.json({ block: blockView(removed, timeZone), removed_at: removed.removedAt });
});
