// The test provider's checkout pages (development only): one look for a
// booking's payment (pay-test.ts) and for a sale (pay-test-sale.ts), with the
// fiscal receipt the payment carries, as a real provider shows it.
import { html } from "hono/html";
import { formatMinor } from "../payments/money.js";
import type { Receipt } from "../payments/receipt.js";

export const checkoutPage = (title: string, body: unknown) => html`<!doctype html>
<html lang="ru">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; background: #f6f6f6; color: #1a1a1a; }
      main { max-width: 28rem; margin: 0 auto; background: #fff; border-radius: 12px; padding: 1.5rem; }
      .amount { font-size: 2rem; font-weight: 700; margin: 0.5rem 0 1rem; }
      form { display: inline; }
      button { font-size: 1rem; padding: 0.75rem 1.25rem; border-radius: 8px; border: 2px solid #1a1a1a; margin: 0.5rem 0.5rem 0 0; cursor: pointer; }
      button.pay { background: #1a7f37; border-color: #1a7f37; color: #fff; }
      button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
      .note { color: #555; font-size: 0.9rem; }
      .receipt { border-top: 1px dashed #999; margin-top: 1rem; padding-top: 0.5rem; font-size: 0.9rem; }
      .receipt ul { padding: 0; list-style: none; }
      .receipt li { display: flex; justify-content: space-between; gap: 1rem; }
      .receipt li span:last-child { white-space: nowrap; }
    </style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;

const modeWords: Record<string, string> = {
  full_prepayment: "предоплата 100%",
  partial_prepayment: "частичная предоплата",
  advance: "аванс",
  full_payment: "полный расчёт",
};

/** The fiscal receipt the payment carries, as a real provider would pass it to the till (54-FZ). */
export const receiptBlock = (receipt: Receipt | null) =>
  receipt
    ? html`<section class="receipt" aria-label="Чек">
        <h2>Чек</h2>
        <ul>
          ${receipt.items.map((item) => html`<li><span>${item.description} (${modeWords[item.paymentMode] ?? item.paymentMode}, НДС код ${item.vatCode})</span><span>${formatMinor(item.amountMinor, receipt.currency)}</span></li>`)}
        </ul>
        <p class="note">Чек придёт на ${receipt.customer.email ?? receipt.customer.phone ?? ""}.</p>
      </section>`
    : "";

