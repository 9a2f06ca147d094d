// /pay/test/{payment_id}: the test provider's checkout page (development
// only; 404 elsewhere). Its buttons record the decision as the provider's
// state and hand a notification to the same handler real providers reach.
import { Hono } from "hono";
import { html } from "hono/html";
import { type AppEnv, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import { idParam } from "../http/validate.js";
import { findBooking } from "../repo/bookings.js";
import { requestDb } from "../repo/db.js";
import { findPayment } from "../repo/payments.js";
import { decideTestPayment } from "../payments/test-provider.js";
import { handleNotification } from "../payments/webhook.js";
import { loadSettings } from "../repo/settings.js";
import { bookingViews } from "../reservations/views.js";
import { doc } from "../http/openapi.js";
import { formatMinor } from "../payments/money.js";
import { receiptOf } from "../payments/receipt-data.js";
import { Html } from "../contracts/operations.js";
import { checkoutPage, receiptBlock } from "./pay-test-page.js";

export const payTestRoutes = new Hono<AppEnv>();

payTestRoutes.use(async (c, next) => {
  if (!isDevelopment(c.env)) throw new AppError("not_found", `No route ${c.req.method} ${c.req.path}`);
  await next();
});

/** "пн, 14 декабря, 10:30": a salon wall date and time as people read them. */
function dateInWords(date: string, time: string): string {
  const day = new Intl.DateTimeFormat("ru-RU", { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
  return `${day}, ${time}`;
}

async function loadTestPayment(c: { env: AppEnv["Bindings"]; req: { raw: Request } }, id: number) {
  const db = requestDb(c);
  const payment = await findPayment(db, id);
  if (!payment || payment.provider !== "test") throw new AppError("not_found", "No such test payment");
  return { db, payment };
}

payTestRoutes.get("/:id", doc({ tag: "Development", summary: "Local checkout page of the test payment provider (HTML)", access: "development", params: { id: "Payment id" }, responses: { 200: { description: "HTML page with pay / decline", content: { "text/html": Html } } } }), async (c) => {
  const { db, payment } = await loadTestPayment(c, idParam(c));
  const booking = await findBooking(db, payment.bookingId);
  const [view] = booking ? await bookingViews(db, [booking], (await loadSettings(db)).timeZone) : [];
  const service = view?.service?.name ?? "Услуга";
  const when = view ? dateInWords(view.local_date, view.local_time) : "";
  if (payment.status !== "pending") {
    return c.html(
      checkoutPage("Платёж уже обработан", html`<h1>Платёж уже обработан</h1>
        <p role="status">Состояние платежа: ${payment.status === "succeeded" ? "оплачен" : payment.status === "canceled" ? "отклонён" : payment.status}.</p>
        <p><a href="/bookings/${payment.bookingId}">Вернуться к записи</a></p>`),
    );
  }
  return c.html(
    checkoutPage("Оплата записи", html`<h1>Оплата записи</h1>
      <p class="note">Тестовая оплата: деньги не списываются.</p>
      <p>${service}${when ? html`, ${when}` : ""}</p>
      <p class="amount" aria-label="Сумма к оплате">${formatMinor(payment.amountMinor, payment.currency)}</p>
      ${payment.pointsUsed > 0 ? html`<p>Списано баллов: ${payment.pointsUsed}</p>` : ""}
      <form method="post" action="/pay/test/${payment.id}/pay"><button class="pay" type="submit">Оплатить</button></form>
      <form method="post" action="/pay/test/${payment.id}/decline"><button type="submit">Отклонить</button></form>
      ${receiptBlock(receiptOf(payment))}`),
  );
});

for (const [action, decision, event] of [
  ["pay", "succeeded", "payment.succeeded"],
  ["decline", "canceled", "payment.canceled"],
] as const) {
  payTestRoutes.post(`/:id/${action}`, doc({ tag: "Development", summary: `The test checkout's ${action} button: decides the payment and notifies through the real webhook path`, access: "development", params: { id: "Payment id" }, responses: { 302: "Back to the booking" } }), async (c) => {
    const { db, payment } = await loadTestPayment(c, idParam(c));
    const providerId = await decideTestPayment(db, payment.id, decision);
    if (providerId) {
      const answer = await handleNotification(db, c.env, "test", { type: "notification", event, object: { id: providerId } }, new Date());
      if (answer.status !== 200) {
        return c.html(checkoutPage("Ошибка", html`<h1>Не удалось обработать платёж</h1><p role="alert">Попробуйте ещё раз через минуту.</p>`), 503);
      }
    }
    const base = (c.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin).replace(/\/+$/, "");
    return c.redirect(`${base}/bookings/${payment.bookingId}?paid=${decision === "succeeded" ? 1 : 0}`, 303);
  });
}
