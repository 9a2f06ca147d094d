// PATCH /admin/bookings/{id}/units: the back office moves a booking to another
// unit of a resource it holds (room 2 instead of room 1). The resource's
// ledger checks the unit is free for the booking's whole interval and claims
// it before the row changes, like any claim.
import { BookingEnvelope } from "../../contracts/bookings.js";
import { MoveUnitBody } from "../../contracts/resources.js";
import { AppError } from "../../errors.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody } from "../../http/validate.js";
import { resourceLedger } from "../../ledger/staff-ledger.js";
import { isActive } from "../../repo/bookings.js";
import { requestDb } from "../../repo/db.js";
import { findResource, unitsOfBookings } from "../../repo/resources.js";
import { loadSettings } from "../../repo/settings.js";
import { visibleBooking } from "../../reservations/change.js";
import { bookingViews } from "../../reservations/views.js";
import { calendarApp } from "./access.js";

export const bookingUnitRoutes = calendarApp();

bookingUnitRoutes.patch("/:id/units", doc({ tag: "Back office", summary: "Move a booking to another unit of a room or machine it holds", description: "The unit must be free for the booking's whole interval. The booking's own master may do it too.", access: "staff", params: { id: "Booking id" }, body: MoveUnitBody, responses: { 200: ["The booking with its units", BookingEnvelope], 404: "`not_found`: no such booking, or it holds no unit of that resource", 409: "`resource_taken`: that unit is busy then (`details.conflicts`); `booking_not_active`", 422: "`invalid_unit`: the resource has fewer units", 503: "`ledger_unavailable`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, MoveUnitBody);
  const db = requestDb(c);
  const row = await visibleBooking(db, c.get("user"), id);
  const [held, resource, settings] = await Promise.all([unitsOfBookings(db, [id]), findResource(db, body.resource_id), loadSettings(db)]);
  if (!isActive(row.status)) throw new AppError("booking_not_active", `A ${row.status} booking keeps its units`);
  const mine = held.find((h) => h.resourceId === body.resource_id);
  if (!mine || !resource) throw new AppError("not_found", `Booking ${id} holds no unit of resource ${body.resource_id}`);
  if (body.unit > resource.units) throw new AppError("invalid_unit", `${resource.name} has ${resource.units} unit(s)`, { units: resource.units });
  const result = await resourceLedger(c.env, resource.id).reassignUnit(resource.id, id, body.unit, resource.units, settings.generation);
  if (!result.ok) {
    if (result.reason === "taken") throw new AppError("resource_taken", `Unit ${body.unit} of ${resource.name} is busy during this booking`, { conflicts: result.conflicts });
    throw new AppError("ledger_unavailable", "Could not move the booking just now; try again in a few seconds", undefined, { "retry-after": "2" });
  }
  return c.json({ booking: (await bookingViews(db, [row], settings.timeZone))[0]! });
});
