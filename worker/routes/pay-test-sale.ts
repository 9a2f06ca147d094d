// /pay/test/{certificate|abonement}/{id}: the test provider's checkout for a
// sale (development only), one module for every kind of sale. A sale has no
// payments row, so the buttons hand the decided state straight to the sale's
// settlement, the same function the webhook calls for a real provider, and
// send the customer back to the sale's page with `?paid=<id>` (0: declined).
import { Hono } from "hono";
import { html } from "hono/html";
import { Html } from "../contracts/operations.js";
import { type AppEnv, type Env, isDevelopment } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { idParam } from "../http/validate.js";
import { applyAbonementPayment } from "../payments/abonement-sale.js";
import { applyCertificatePayment } from "../payments/certificate-sale.js";
import { formatMinor } from "../payments/money.js";
import type { PaymentProvider, ProviderPayment } from "../payments/provider.js";
import type { Receipt } from "../payments/receipt.js";
import { type TestSaleKind, testProvider, testSalePaymentId } from "../payments/test-provider.js";
import { findAbonement } from "../repo/abonements.js";
import { findCertificate } from "../repo/certificates.js";
import { type Db, requestDb } from "../repo/db.js";
import { checkoutPage, receiptBlock } from "./pay-test-page.js";

/** What the checkout needs of a sale's row, whatever was sold. */
interface TestSale {
  id: number;
  provider: string | null;
  status: string;
  amountMinor: number;
  currency: string;
  confirmationUrl: string | null;
  receipt: string | null;
  /** What is being paid for, as the page names it. */
  item: string;
}

interface SaleKind {
  /** The page's heading. */
  title: string;
  /** The PWA page the customer goes back to. */
  backTo: string;
  find(db: Db, id: number): Promise<TestSale | null>;
  /** The settlement the webhook runs for this kind of sale. */
  settle(db: Db, env: Env, provider: PaymentProvider, verified: ProviderPayment, now: Date): Promise<string | null>;
}

const kinds: Record<TestSaleKind, SaleKind> = {
  certificate: {
    title: "Оплата сертификата",
    backTo: "/certificates",
    async find(db, id) {
      const row = await findCertificate(db, id);
      return row && { ...row, amountMinor: row.initialMinor, item: `Подарочный сертификат на ${formatMinor(row.initialMinor, row.currency)}` };
    },
    settle: applyCertificatePayment,
  },
  abonement: {
    title: "Оплата абонемента",
    backTo: "/abonements",
    async find(db, id) {
      const row = await findAbonement(db, id);
      return row && { ...row, amountMinor: row.priceMinor, item: `Абонемент «${row.name}»` };
    },
    settle: (db, _env, provider, verified, now) => applyAbonementPayment(db, provider, verified, now),
  },
};

function saleCheckout(kind: TestSaleKind): Hono<AppEnv> {
  const sale = kinds[kind];
  const routes = new Hono<AppEnv>();

  routes.use(async (c, next) => {
    if (!isDevelopment(c.env)) throw new AppError("not_found", `No route ${c.req.method} ${c.req.path}`);
    await next();
  });

  async function testSale(c: { env: AppEnv["Bindings"]; req: { raw: Request } }, id: number) {
    const db = requestDb(c);
    const row = await sale.find(db, id);
    if (!row || row.provider !== "test") throw new AppError("not_found", `No such test ${kind} sale`);
    return { db, row };
  }

  routes.get("/:id", doc({ tag: "Development", summary: `Local checkout page of the test provider for ${kind === "certificate" ? "a gift certificate" : "an abonement"} sale (HTML)`, access: "development", params: { id: `${kind === "certificate" ? "Certificate" : "Abonement"} id` }, responses: { 200: { description: "HTML page with pay / decline (or that the sale was already decided)", content: { "text/html": Html } } } }), async (c) => {
    const { row } = await testSale(c, idParam(c));
    if (row.status !== "awaiting_payment") {
      return c.html(checkoutPage("Платёж уже обработан", html`<h1>${sale.title}</h1>
        <p>${row.item}</p>
        <p role="status">Платёж уже обработан.</p>
        <p><a href="${sale.backTo}">Вернуться</a></p>`));
    }
    return c.html(checkoutPage(sale.title, html`<h1>${sale.title}</h1>
      <p class="note">Тестовая оплата: деньги не списываются.</p>
      <p>${row.item}</p>
      <p class="amount" aria-label="Сумма к оплате">${formatMinor(row.amountMinor, row.currency)}</p>
      <form method="post" action="/pay/test/${kind}/${row.id}/pay"><button class="pay" type="submit">Оплатить</button></form>
      <form method="post" action="/pay/test/${kind}/${row.id}/decline"><button type="submit">Отклонить</button></form>
      ${receiptBlock(row.receipt ? (JSON.parse(row.receipt) as Receipt) : null)}`));
  });

  for (const [action, status] of [["pay", "succeeded"], ["decline", "canceled"]] as const) {
    routes.post(`/:id/${action}`, doc({ tag: "Development", summary: `The ${kind} checkout's ${action} button: settles the sale as the webhook would`, access: "development", params: { id: `${kind === "certificate" ? "Certificate" : "Abonement"} id` }, responses: { 303: `Back to ${sale.backTo}?paid=<id> (0 when declined)` } }), async (c) => {
      const { db, row } = await testSale(c, idParam(c));
      const verified: ProviderPayment = { id: testSalePaymentId(kind, row.id), status, amountMinor: row.amountMinor, currency: row.currency, confirmationUrl: row.confirmationUrl, ourPaymentId: null };
      // A sale already decided stays as it is (the settlement only moves one awaiting its payment), so the page says what it is now.
      await sale.settle(db, c.env, testProvider(db), verified, new Date());
      const paid = (await sale.find(db, row.id))?.status === "active";
      const base = (c.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin).replace(/\/+$/, "");
      return c.redirect(`${base}${sale.backTo}?paid=${paid ? row.id : 0}`, 303);
    });
  }
  return routes;
}

export const payTestSaleRoutes: Record<TestSaleKind, Hono<AppEnv>> = {
  certificate: saleCheckout("certificate"),
  abonement: saleCheckout("abonement"),
};
