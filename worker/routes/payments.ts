// /api/v1/payments: pay for a held booking, poll a payment, and the providers'
// notification endpoint (no session: the state is verified with the provider).
import { Hono } from "hono";
import * as v from "valibot";
import { requireUser } from "../auth/session.js";
import { IdempotencyKey } from "../contracts/common.js";
import { CreatePaymentBody, Payment } from "../contracts/payments.js";
import { type AppEnv, isDevelopment } from "../env.js";
import { AppError, errorBody } from "../errors.js";
import { idParam, jsonBody, limitedText, parseWith } from "../http/validate.js";
import { dispatchDue } from "../notify/dispatcher.js";
import { findBooking } from "../repo/bookings.js";
import { requestDb } from "../repo/db.js";
import { findPayment } from "../repo/payments.js";
import { createPayment } from "../payments/create.js";
import { refreshPayment } from "../payments/refresh.js";
import { paymentView } from "../payments/views.js";
import { handleNotification } from "../payments/webhook.js";
import { visibleBooking } from "../reservations/change.js";
import { doc } from "../http/openapi.js";
import { PaymentWebhookAck } from "../contracts/operations.js";

export const paymentsRoutes = new Hono<AppEnv>();

// The contract's body plus a development-only provider choice, so tests and
// local demos can use the test checkout whatever PAYMENT_PROVIDER says.
const CreateBody = v.object({ ...CreatePaymentBody.entries, provider: v.optional(v.picklist(["test", "yookassa"])) });
const PaymentAnswer = v.object({ payment: Payment });

paymentsRoutes.post("/", doc({ tag: "Payments", summary: "Pay the prepayment of a held booking", description: "One open payment per booking: a second attempt gets the first back (200). A booking that is an item of a multi-service visit pays the whole visit: one payment for every held item (`visit_id` set, `booking_id` the first of them), one receipt with a line per service and add-on. `confirmation_url` is where the customer pays. When the salon issues fiscal receipts (54-FZ) the payment carries one, and an account without the contact the receipt needs is refused with `receipt_contact_required` (`details.field`: `email` or `email_or_phone`).", access: "signed_in", idempotencyKey: true, body: CreateBody, responses: { 201: ["The payment", PaymentAnswer], 200: ["The open payment of this booking", PaymentAnswer], 409: "`booking_not_held`, `hold_expired`, `already_paid`, `points_balance_changed`", 422: "`amount_mismatch`, `idempotency_key_reused`, `receipt_contact_required`", 403: "`forbidden`: only the customer who booked pays", 404: "`not_found`: no such booking", 502: "`payment_provider_error`" } }), requireUser(), async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per payment attempt)");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const { provider, ...body } = await jsonBody(c, CreateBody);
  if (provider !== undefined && !isDevelopment(c.env)) {
    throw new AppError("validation_failed", "provider can only be chosen in development");
  }
  const db = requestDb(c);
  const origin = new URL(c.req.url).origin;
  const { payment, booking, how } = await createPayment(db, c.env, c.get("user"), key, body, { provider, origin }, new Date());
  const current = (await findBooking(db, booking.id)) ?? booking;
  if (current.status !== booking.status) c.executionCtx.waitUntil(dispatchDue(db, c.env));
  c.header("idempotent-replayed", String(how === "replayed"));
  return c.json({ payment: paymentView(payment, current.status) }, how === "existing" ? 200 : 201);
});

paymentsRoutes.get("/:id", doc({ tag: "Payments", summary: "A payment, re-checked with the provider while pending", access: "signed_in", params: { id: "Payment id" }, responses: { 200: ["The payment", PaymentAnswer], 403: "`forbidden`", 404: "`not_found`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const row = await findPayment(db, idParam(c));
  if (!row) throw new AppError("not_found", "No such payment");
  await visibleBooking(db, c.get("user"), row.bookingId);
  const fresh = await refreshPayment(db, c.env, row, new Date());
  const booking = await findBooking(db, fresh.bookingId);
  return c.json({ payment: paymentView(fresh, booking?.status ?? "cancelled") });
});

paymentsRoutes.post("/webhook/:provider", doc({ tag: "Payments", summary: "Payment provider notification (YooKassa, or the local test provider)", description: "Deduplicated and order-tolerant; the payment is fetched from the provider before it is trusted.", access: "webhook", params: { provider: "`yookassa` or `test`" }, responses: { 200: ["Taken; `outcome` says what it changed", PaymentWebhookAck], 400: "`invalid_json`, `invalid_notification`", 404: "`not_found`: no such provider", 413: "`payload_too_large`" } }), async (c) => {
  // Past 64 KiB it is not a notification: 413, read no further.
  const text = await limitedText(c);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON is the sender's mistake: a 400, never "try again" (503).
    throw new AppError("invalid_json", "The notification body must be valid JSON");
  }
  const db = requestDb(c);
  const answer = await handleNotification(db, c.env, c.req.param("provider"), body, new Date());
  if (answer.status === 200) {
    c.executionCtx.waitUntil(dispatchDue(db, c.env));
    return c.json({ ok: true, outcome: answer.outcome });
  }
  const errors = {
    400: ["invalid_notification", "Not a notification this endpoint understands"],
    404: ["not_found", `No payment provider ${c.req.param("provider")}`],
    503: ["payment_provider_unavailable", "Could not verify the notification just now; send it again later"],
  } as const;
  const [code, message] = errors[answer.status];
  return c.json(errorBody(code, message), answer.status, answer.status === 503 ? { "retry-after": "30" } : {});
});
