// Builders for payment tests: held bookings, paying, steering the YooKassa
// fake (tests/fakes/yookassa.ts) over its control endpoints, and delivering
// its notifications to the Worker.
import { env } from "cloudflare:workers";
import { call } from "./client.js";
import { book, newCustomer, newKey, slot, sql } from "./scenario.js";

/** Service 8: massage, 60 min, 3500 ₽, deposit 1000 ₽ → held. */
export const MASSAGE = 8;
export const DEPOSIT = 100_000;
export const PRICE = 350_000;

const bindings = env as unknown as Record<string, string>;
const fakeBase = () => bindings.YOOKASSA_API_URL!.replace(/\/v3$/, "");

export async function fake<T = any>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${fakeBase()}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<T>;
}

export const setRule = (bookingId: number, rule: { mode: string | null; times?: number; on?: string }) =>
  fake("/__fake/rules", { booking_id: bookingId, ...rule });

export const providerPayments = async (bookingId: number) => (await fake<{ items: any[] }>(`/__fake/payments?booking_id=${bookingId}`)).items;
export const providerCalls = async (bookingId: number) => (await fake<{ items: any[] }>(`/__fake/calls?booking_id=${bookingId}`)).items;

/**
 * A customer who can pay: the demo salon sends fiscal receipts through
 * YooKassa's receipts service, which mails them, so payers have an email
 * (and get their booking messages there).
 */
export async function newPayer(): Promise<{ token: string; id: number; phone: string; email: string }> {
  const customer = await newCustomer();
  const email = `payer${customer.id}@example.test`;
  await sql("update users set email = ? where id = ?", [email, customer.id]);
  return { ...customer, email };
}

/** What the dev transport "sent" to a phone or an email. */
export async function messagesTo(recipient: string): Promise<{ kind: string; body: string; channel: string }[]> {
  const by = recipient.includes("@") ? "email" : "phone";
  return (await call("GET", `/api/v1/dev/outbox?${by}=${encodeURIComponent(recipient)}`)).body.messages;
}

export async function heldBooking(token: string, staffId: number, date: string, time: string): Promise<any> {
  const res = await book(token, { service_id: MASSAGE, staff_id: staffId, appointment_datetime: slot(date, time) });
  if (res.status !== 201 || res.body.booking.status !== "held") throw new Error(`no held booking: ${JSON.stringify(res.body)}`);
  return res.body.booking;
}

export function pay(token: string, body: Record<string, unknown>, key = newKey()) {
  return call("POST", "/api/v1/payments", { token, body, headers: { "idempotency-key": key } });
}

/** The customer pays (or gives up) at the provider, then the provider's notification reaches us. */
export async function settleAtProvider(providerPaymentId: string, outcome: "succeed" | "cancel") {
  await fake(`/__fake/payments/${providerPaymentId}/${outcome}`, {});
  return deliver(providerPaymentId, outcome === "succeed" ? "payment.succeeded" : "payment.canceled");
}

export async function deliver(providerPaymentId: string, event: string) {
  const notification = await fake(`/__fake/notification/payment/${providerPaymentId}?event=${event}`);
  return call("POST", "/api/v1/payments/webhook/yookassa", { body: notification });
}

export async function providerIdOf(paymentId: number): Promise<string> {
  const { rows } = await sql("select provider_payment_id from payments where id = ?", [paymentId]);
  return String(rows[0]!.provider_payment_id);
}

export async function bookingRow(id: number) {
  const { rows } = await sql("select status, cancel_reason, needs_attention, start_at from bookings where id = ?", [id]);
  return rows[0]!;
}

export async function paymentRow(id: number) {
  const { rows } = await sql("select status, refunded_minor, amount_minor, points_used, provider_payment_id from payments where id = ?", [id]);
  return rows[0]!;
}

/** What the master's ledger alarm does when a hold runs out. */
export async function expireHold(staffId: number, bookingId: number) {
  const ns = bindings.STAFF_LEDGER as unknown as DurableObjectNamespace<import("../../worker/ledger/staff-ledger.js").StaffLedger>;
  const ledger = ns.get(ns.idFromName(`staff:${staffId}`));
  const result = await ledger.transition(staffId, bookingId, ["held"], "cancelled", "hold_expired");
  if (!result.ok) throw new Error(`could not expire hold of ${bookingId}`);
}

export async function givePoints(userId: number, points: number) {
  await sql("insert into loyalty_ledger (user_id, points, reason, dedupe_key) values (?, ?, 'adjusted', ?)", [userId, points, `test:${newKey()}`]);
}

export const pointsOf = async (token: string) => (await call("GET", "/api/v1/loyalty", { token })).body.points as number;
