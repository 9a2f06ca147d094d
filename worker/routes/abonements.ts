// /api/v1/abonement-types, /api/v1/abonements and /api/v1/me/abonements: the
// abonements on sale online, buying one, and the customer's own (visits left,
// expiry, freezes, recent visits).
import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import { AbonementList, AbonementSale, AbonementTypeList, BuyAbonementBody } from "../contracts/abonements.js";
import { IdempotencyKey } from "../contracts/common.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { jsonBody, parseWith } from "../http/validate.js";
import { revalidate } from "../http/revalidate.js";
import { abonementTypeViews, abonementViews } from "../payments/abonement-views.js";
import { buyAbonement, refreshAbonementSale } from "../payments/abonement-sale.js";
import { holderAbonements, listAbonementTypes } from "../repo/abonements.js";
import { requestDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";

export const abonementTypesRoutes = new Hono<AppEnv>();
export const abonementsRoutes = new Hono<AppEnv>();
export const myAbonementsRoutes = new Hono<AppEnv>();

// Like the catalog: an ETag, and clients revalidate (a changed price shows at once, an unchanged list costs a 304).
abonementTypesRoutes.use(revalidate);

abonementTypesRoutes.get("/", doc({ tag: "Abonements", summary: "Abonements sold online: visit packages and monthly memberships", description: "Active types offered in the app, with their price, covered services and masters (empty `staff`: every master). The same for everyone: ETag + `Cache-Control: no-cache`, like the catalog (send If-None-Match for a 304).", access: "anyone", responses: { 200: ["Types on sale online", AbonementTypeList], 304: "Not modified" } }), async (c) => {
  const db = requestDb(c);
  return c.json({ types: await abonementTypeViews(db, await listAbonementTypes(db, "online")) });
});

abonementsRoutes.post("/", doc({ tag: "Abonements", summary: "Buy an abonement online for oneself", description: "Paid through the provider at `payment.confirmation_url`; when the salon issues fiscal receipts the payment carries one in `advance` mode with `payment_subject: payment` (54-FZ: money for visits not chosen yet). Active, and valid from, the moment it is paid (webhook, or `GET /me/abonements` asks the provider).", access: "signed_in", idempotencyKey: true, body: BuyAbonementBody, responses: { 201: ["The abonement awaiting its payment", AbonementSale], 404: "`not_found`: no such type", 422: "`abonement_type_unavailable`, `receipt_contact_required`, `amount_mismatch`", 502: "`payment_provider_error`" } }), requireUser(), async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per purchase)");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const body = await jsonBody(c, BuyAbonementBody);
  const db = requestDb(c);
  const row = await buyAbonement(db, c.env, c.get("user"), key, body, new URL(c.req.url).origin);
  const settings = await loadSettings(db);
  const status = row.status === "active" ? "succeeded" : row.status === "awaiting_payment" ? "pending" : "canceled";
  const [view] = (await abonementViews(db, [row], settings.timeZone, new Date())).views;
  return c.json({ abonement: view!, payment: { status, amount: { amount_minor: row.priceMinor, currency: row.currency }, confirmation_url: row.confirmationUrl } }, 201);
});

myAbonementsRoutes.get("/", doc({ tag: "Abonements", summary: "The signed-in customer's abonements", description: "Newest first: status, visits used / reserved / left (null for unlimited), expiry, freezes, covered services and masters, the latest visits. One still awaiting its payment is checked with the provider first.", access: "signed_in", responses: { 200: ["The customer's abonements", AbonementList] } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const [rows, settings] = await Promise.all([holderAbonements(db, c.get("user").id), loadSettings(db)]);
  const fresh = await Promise.all(rows.map((r) => (r.status === "awaiting_payment" ? refreshAbonementSale(db, c.env, r) : r)));
  return c.json({ abonements: (await abonementViews(db, fresh, settings.timeZone, new Date())).views });
});
