// A customer with data in every place the salon keeps some: profile, a
// booking with notes, a paid and refunded booking (YooKassa webhook stored),
// a completed visit with a review, a waitlist entry, a push subscription,
// loyalty points, the salon's notes on the client card (audited), a booking
// the salon made for them by phone, and a YClients record (webhook stored).
// The export and deletion tests build one each.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { event, linkStaff, putRecord, record, sendWebhook, settled } from "../yclients/fake-control.js";
import { call, freshPhone, signIn } from "./client.js";
import { insertBookingRow } from "./direct-db.js";
import { givePoints, heldBooking, pay, providerIdOf, settleAtProvider } from "./payments-helpers.js";
import { adminToken, book, newMaster, salonDate, slot, sql } from "./scenario.js";
import { join } from "./waitlist-helpers.js";

const pushFake = (env as unknown as { PUSH_FAKE_URL: string }).PUSH_FAKE_URL;
const LETTERS = "бвгдзклмнпрстфхц";

/** A surname no other test writes, so a scan for it finds only this person. */
function uniqueSurname(): string {
  const tail = Array.from({ length: 7 }, () => LETTERS[Math.floor(Math.random() * LETTERS.length)]).join("");
  return `Стирова${tail}`;
}

export interface Person {
  id: number;
  token: string;
  phone: string;
  name: string;
  email: string;
  masterId: number;
  bookingIds: { notes: number; paid: number; completed: number; bySalon: number; yclients: number };
  paymentId: number;
  waitlistId: number;
  reviewId: number;
  recordId: number;
  certificateIds: { received: number; gift: number };
  abonementId: number;
}

export async function personWithEverything(): Promise<Person> {
  const phone = freshPhone();
  const { token, user } = await signIn(phone);
  const name = `Эрика ${uniqueSurname()}`;
  const email = `erika.${user.id}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  expect((await call("PATCH", "/api/v1/me", { token, body: { name, email } })).status).toBe(200);
  const master = await newMaster({ services: [3, 8, 1] });
  const admin = await adminToken();

  const withNotes = await book(token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(3), "11:00"), notes: `Перезвоните на ${phone}, спросите ${name}` });
  expect(withNotes.status).toBe(201);

  const held = await heldBooking(token, master.id, salonDate(4), "12:00");
  const payment = await pay(token, { booking_id: held.id });
  expect(payment.status).toBe(201);
  expect((await settleAtProvider(await providerIdOf(payment.body.payment.id), "succeed")).status).toBe(200);
  expect((await call("PATCH", `/api/v1/bookings/${held.id}`, { token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);

  const start = Date.now() - 3 * 3_600_000;
  const completed = await insertBookingRow({ userId: user.id, phone, staffId: master.id, status: "confirmed", startAt: new Date(start).toISOString(), endAt: new Date(start + 3_600_000).toISOString() });
  expect((await call("PATCH", `/api/v1/bookings/${completed}`, { token: admin, body: { action: "complete" } })).status).toBe(200);
  // The stored body keeps its placeholder; the dev outbox fills the live link as the transport would.
  const { messages } = (await call("GET", `/api/v1/dev/outbox?email=${encodeURIComponent(email)}`)).body as { messages: { kind: string; body: string }[] };
  const reviewToken = /\/r\/(\S+)/.exec(messages.find((m) => m.kind === "review_request")?.body ?? "")?.[1];
  if (!reviewToken) throw new Error("no review request");
  const review = await call("POST", `/api/v1/reviews/${reviewToken}`, { body: { rating: 4, text: `Я, ${name}, довольна` } });
  expect(review.status).toBe(201);

  const waiting = await join(token, { service_id: 3, date: salonDate(6) });
  expect(waiting.status).toBe(201);
  const sub = await (await fetch(`${pushFake}/__fake/subscriptions`, { method: "POST" })).json<{ endpoint: string; keys: { p256dh: string; auth: string } }>();
  expect((await call("POST", "/api/v1/push/subscriptions", { token, body: sub })).status).toBe(201);
  await givePoints(user.id, 700);
  expect((await call("PATCH", `/api/v1/admin/clients/${user.id}`, { token: admin, body: { notes: `Любит чай. ${name}, ${phone}, ${email}` } })).status).toBe(200);

  // A certificate given to them at the desk, and one they bought online as a gift, signed with their name.
  const received = await call("POST", "/api/v1/admin/certificates", { token: admin, body: { amount_minor: 200_000, recipient: { name, phone, email }, message: `Для ${name}` } });
  expect(received.status).toBe(201);
  const gift = await call("POST", "/api/v1/certificates", {
    token,
    headers: { "idempotency-key": crypto.randomUUID() },
    body: { amount_minor: 300_000, recipient: { name: "Ольга Подаркова", phone: freshPhone() }, message: `С любовью, ${name}` },
  });
  expect(gift.status).toBe(201);

  // An abonement they bought online: its advance receipt carries their email.
  const type = await call("POST", "/api/v1/admin/abonement-types", { token: admin, body: { name: "3 стрижки", kind: "visits", visits_count: 3, validity_days: 60, price_minor: 400_000, service_ids: [3] } });
  expect(type.status).toBe(201);
  const abonement = await call("POST", "/api/v1/abonements", { token, headers: { "idempotency-key": crypto.randomUUID() }, body: { type_id: type.body.type.id } });
  expect(abonement.status).toBe(201);

  const bySalon = await book(admin, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(5), "15:00"), phone, customer_name: name });
  expect(bySalon.status).toBe(201);

  const ycStaff = await linkStaff(master.id);
  const r = record({ staff: ycStaff, date: salonDate(7), time: "16:00", client: { name, phone: phone.slice(1), email } });
  await putRecord(r);
  expect((await sendWebhook(event("create", r))).status).toBe(200);
  await settled(r.id, "create", r.last_change_date.slice(0, 19));
  const { rows: yc } = await sql("select id, user_id from bookings where yclients_record_id = ?", [r.id]);
  expect(Number(yc[0]!.user_id)).toBe(user.id);

  const { rows: reviews } = await sql("select id from reviews where booking_id = ?", [completed]);
  return {
    id: user.id,
    token,
    phone,
    name,
    email,
    masterId: master.id,
    bookingIds: { notes: withNotes.body.booking.id, paid: held.id, completed, bySalon: bySalon.body.booking.id, yclients: Number(yc[0]!.id) },
    paymentId: payment.body.payment.id,
    waitlistId: waiting.body.entry.id,
    reviewId: Number(reviews[0]!.id),
    recordId: r.id,
    certificateIds: { received: received.body.certificate.id, gift: gift.body.certificate.id },
    abonementId: abonement.body.abonement.id,
  };
}
