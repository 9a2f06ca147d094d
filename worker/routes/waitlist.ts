// /api/v1/waitlist: a customer waits for a service on a day; a freed time is
// held for them (see worker/reservations/waitlist-wishes.ts) and they book it in one tap.
import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import { BookingEnvelope } from "../contracts/bookings.js";
import { JoinWaitlistBody, WaitlistEntryEnvelope, WaitlistList } from "../contracts/waitlist.js";
import type { AppEnv } from "../env.js";
import { doc } from "../http/openapi.js";
import { idParam, jsonBody } from "../http/validate.js";
import { dispatchSoon } from "../notify/dispatcher.js";
import { requestDb } from "../repo/db.js";
import { confirmOffer, declineOffer, entryView, joinWaitlist, leaveWaitlist, listWaitlist, ownEntry } from "../reservations/waitlist.js";

export const waitlistRoutes = new Hono<AppEnv>();

waitlistRoutes.post("/", doc({ tag: "Waitlist", summary: "Wait for a service on a day (optionally a master and a time range)", description: "`date` is a salon date, `from_time`/`to_time` salon wall times the visit must start after and end before. Joining again with the same wishes returns the open entry (200).", access: "signed_in", rateLimited: "waitlist", body: JoinWaitlistBody, responses: { 201: ["The new entry, `waiting`", WaitlistEntryEnvelope], 200: ["The same open entry", WaitlistEntryEnvelope], 404: "`not_found`: no such service or master", 409: "`too_many_waitlist_entries`: the customer already waits for `max_waitlist_entries` times", 422: "`in_past`, `beyond_horizon`, `invalid_time_range`, `staff_does_not_do_service`, `service_is_addon`" } }), requireUser(), async (c) => {
  const body = await jsonBody(c, JoinWaitlistBody);
  const { entry, created } = await joinWaitlist(requestDb(c), c.env, c.get("user"), body, new Date());
  return c.json({ entry }, created ? 201 : 200);
});

waitlistRoutes.get("/", doc({ tag: "Waitlist", summary: "The signed-in customer's waitlist entries from yesterday on, with any time held for them", access: "signed_in", rateLimited: "waitlist", responses: { 200: ["The entries", WaitlistList] } }), requireUser(), async (c) => {
  return c.json({ entries: await listWaitlist(requestDb(c), c.get("user"), new Date()) });
});

waitlistRoutes.get("/:id", doc({ tag: "Waitlist", summary: "One entry (the offer screen polls it)", access: "signed_in", rateLimited: "waitlist", params: { id: "Entry id" }, responses: { 200: ["The entry", WaitlistEntryEnvelope], 403: "`forbidden`", 404: "`not_found`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  return c.json({ entry: await entryView(db, await ownEntry(db, c.get("user"), idParam(c))) });
});

waitlistRoutes.delete("/:id", doc({ tag: "Waitlist", summary: "Leave the waitlist (a time held for the entry passes on)", access: "signed_in", rateLimited: "waitlist", params: { id: "Entry id" }, responses: { 200: ["The entry, `cancelled` (or the state it had ended in)", WaitlistEntryEnvelope], 403: "`forbidden`", 404: "`not_found`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const row = await leaveWaitlist(db, c.env, c.get("user"), idParam(c));
  return c.json({ entry: await entryView(db, row) });
});

waitlistRoutes.post("/:id/confirm", doc({ tag: "Waitlist", summary: "Book the time held for this entry", description: "Idempotent: a repeat returns the same booking (`idempotent-replayed: true`).", access: "signed_in", rateLimited: "waitlist", params: { id: "Entry id" }, responses: { 201: ["The booking in the held time", BookingEnvelope], 403: "`forbidden`", 404: "`not_found`", 409: "`offer_not_active`: the hold lapsed or was declined" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const { booking, replayed, messageKey } = await confirmOffer(db, c.env, c.get("user"), idParam(c), new Date());
  c.executionCtx.waitUntil(dispatchSoon(db, c.env, messageKey));
  c.header("idempotent-replayed", String(replayed));
  return c.json({ booking }, 201);
});

waitlistRoutes.post("/:id/decline", doc({ tag: "Waitlist", summary: "Let the held time go to the next waiting customer", access: "signed_in", rateLimited: "waitlist", params: { id: "Entry id" }, responses: { 200: ["The entry, `declined`", WaitlistEntryEnvelope], 403: "`forbidden`", 404: "`not_found`", 409: "`offer_not_active`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const row = await declineOffer(db, c.env, c.get("user"), idParam(c));
  return c.json({ entry: await entryView(db, row) });
});
