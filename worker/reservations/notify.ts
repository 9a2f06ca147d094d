// Messages about a booking go into the outbox: by email when the customer
// gave one and email is configured, by SMS otherwise. The dedupe key makes a
// retried request or a second cron run enqueue nothing new.
import type { Booking } from "../contracts/bookings.js";
import type { Env } from "../env.js";
import { MANAGE_PLACEHOLDER, REVIEW_PLACEHOLDER } from "../manage/links.js";
import { emailTransportFor } from "../notify/transports.js";
import { formatMinor } from "../payments/money.js";
import { type Db, schema } from "../repo/db.js";
import { type BookingBoundMessage, enqueue, type OutboxRow } from "../repo/outbox.js";
import type { SalonSettings } from "../repo/settings.js";

export type BookingMessageKind =
  | "booking_created"
  | "booking_cancelled"
  | "booking_rescheduled"
  | "booking_reminder"
  | "booking_reminder_2h"
  | "review_request"
  | "booking_paid"
  | "deposit_waived"
  | "paid_after_expiry_refunded"
  | "hold_expired";

function formatDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}.${m}.${y}`;
}

/** What a message says about a booking; a booking still being written has all of it but its id. */
export type MessageFacts = Pick<Booking, "service" | "staff" | "local_date" | "local_time" | "status" | "phone" | "start_at" | "money"> &
  Partial<Pick<Booking, "hold_expires_at" | "created_at">>;

/** How long a booking's time was held for its payment, in whole minutes. */
function heldMinutes(b: MessageFacts): number | null {
  if (!b.hold_expires_at || !b.created_at) return null;
  const ms = Date.parse(b.hold_expires_at) - Date.parse(b.created_at);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 60_000) : null;
}

/** What a cancellation message says about the money coming back. */
function refundSentence(b: MessageFacts): string {
  const refund = b.money?.refund;
  if (!refund) return "";
  const amount = formatMinor(refund.amount.amount_minor, refund.amount.currency);
  if (refund.status === "succeeded") return ` Возврат ${amount} выполнен.`;
  if (refund.status === "pending") return ` Возврат ${amount} оформлен, деньги придут тем же способом, которым вы платили.`;
  if (refund.retrying) return ` Возврат ${amount} пока не прошёл, мы повторим его автоматически.`;
  return ` Возврат ${amount} не прошёл, салон свяжется с вами.`;
}

/** Every message about a booking ends with the link that manages it (a review request: the link to review). */
function compose(kind: BookingMessageKind, b: MessageFacts, salon: SalonSettings): { subject: string; body: string } {
  const { subject, body } = composeText(kind, b, salon);
  const link = kind === "review_request" ? `Оставить отзыв: ${REVIEW_PLACEHOLDER}` : `Управлять записью: ${MANAGE_PLACEHOLDER}`;
  return { subject, body: `${body}\n${link}` };
}

function composeText(kind: BookingMessageKind, b: MessageFacts, salon: SalonSettings): { subject: string; body: string } {
  const what = `${b.service?.name ?? "услуга"}${b.staff ? `, мастер ${b.staff.name}` : ""}`;
  const when = `${formatDate(b.local_date)} в ${b.local_time}`;
  const where = [salon.name, salon.address].filter(Boolean).join(", ");
  switch (kind) {
    case "booking_created":
      return {
        subject: `Запись ${when}`,
        body:
          b.status === "held"
            ? `Мы придержали для вас время: ${what}, ${when}. Оплатите предоплату, чтобы подтвердить запись. ${where}`
            : `Вы записаны: ${what}, ${when}. ${where}`,
      };
    case "booking_rescheduled":
      return { subject: `Запись перенесена на ${when}`, body: `Запись перенесена: ${what}, ${when}. ${where}` };
    case "booking_cancelled":
      return { subject: `Запись ${when} отменена`, body: `Запись отменена: ${what}, ${when}.${refundSentence(b)} ${where}` };
    case "booking_reminder":
      return { subject: `Напоминание: завтра ${b.local_time}`, body: `Напоминаем о записи: ${what}, ${when}. ${where}` };
    case "booking_reminder_2h":
      return { subject: `Напоминание: сегодня ${b.local_time}`, body: `Ждём вас через пару часов: ${what}, ${when}. ${where}` };
    case "review_request":
      return { subject: "Как прошёл визит?", body: `Спасибо, что были у нас: ${what}, ${when}. Оцените визит — это займёт минуту.` };
    case "booking_paid":
      return { subject: `Запись ${when} подтверждена`, body: `Оплата получена, запись подтверждена: ${what}, ${when}. ${where}` };
    case "deposit_waived":
      return { subject: `Запись ${when} подтверждена`, body: `Салон подтвердил запись без предоплаты: ${what}, ${when}. ${where}` };
    case "hold_expired": {
      const minutes = heldMinutes(b);
      return {
        subject: `Запись ${when} не подтверждена`,
        body: `Время держалось за вами${minutes ? ` ${minutes} мин` : ""}, но оплата не пришла, поэтому запись отменена: ${what}, ${when}. Выберите, пожалуйста, время снова. ${where}`,
      };
    }
    case "paid_after_expiry_refunded":
      return {
        subject: `Оплата за ${when} возвращена`,
        body: `Оплата пришла после того, как время брони истекло, и это время уже заняли: ${what}, ${when}. Мы вернули деньги полностью; выберите, пожалуйста, другое время. ${where}`,
      };
  }
}

/** The dedupe key around the booking id: one message per kind, booking, time and master. */
function dedupeAround(kind: BookingMessageKind, booking: MessageFacts): [before: string, after: string] {
  return [`${kind}:`, `:${booking.start_at}:${kind === "booking_cancelled" ? "" : booking.staff?.id ?? ""}`];
}

/** The dedupe key of a message about a booking (also how its sender finds it). */
export function dedupeKeyOf(kind: BookingMessageKind, booking: MessageFacts & { id: number }): string {
  const [before, after] = dedupeAround(kind, booking);
  return `${before}${booking.id}${after}`;
}

/**
 * The outbox row for a booking that is about to be written, stored in the
 * same batch as the booking: a failed write leaves neither.
 */
export function bookingMessage(
  env: Env,
  kind: BookingMessageKind,
  booking: MessageFacts,
  customer: { email: string | null },
  salon: SalonSettings,
  now: Date,
): BookingBoundMessage {
  const { subject, body } = compose(kind, booking, salon);
  const byEmail = customer.email !== null && emailTransportFor(env) !== null;
  return {
    channel: byEmail ? "email" : "sms",
    recipient: byEmail ? customer.email! : booking.phone,
    kind,
    subject,
    body,
    dedupeAround: dedupeAround(kind, booking),
    dueAt: now.toISOString(),
  };
}

/** What a message about a stored booking is made of, in the order its senders take it. */
type CustomerMessageArgs = [env: Env, kind: BookingMessageKind, booking: Booking, customer: { email: string | null }, salon: SalonSettings, now: Date];

/**
 * The outbox message for a stored booking, keyed to it; null when YClients
 * sends its own confirmations and reminders for its bookings.
 */
async function customerMessage(...[env, kind, booking, customer, salon, now]: CustomerMessageArgs) {
  if (booking.channel === "yclients" && !salon.yclientsOwnNotifications) return null;
  const { dedupeAround: [before, after], dueAt: _due, ...message } = bookingMessage(env, kind, booking, customer, salon, now);
  // Stored with its placeholders: the dispatcher fills the links from the dedupe key into what it sends.
  return { ...message, dedupeKey: `${before}${booking.id}${after}` };
}

export async function notifyCustomer(db: Db, ...args: CustomerMessageArgs): Promise<OutboxRow | null> {
  const message = await customerMessage(...args);
  const [, , , , , now] = args;
  return message && enqueue(db, message, now);
}

/**
 * notifyCustomer as statements (none or one), to travel in one batch with
 * other writes. In a list: a query builder is thenable, so an async function
 * cannot hand one back on its own without running it.
 */
export async function customerMessageWrite(db: Db, ...args: CustomerMessageArgs) {
  const message = await customerMessage(...args);
  if (!message) return [];
  const [, , , , , now] = args;
  return [
    db
      .insert(schema.notificationOutbox)
      .values({ ...message, nextAttemptAt: now.toISOString() })
      .onConflictDoNothing({ target: schema.notificationOutbox.dedupeKey }),
  ];
}
