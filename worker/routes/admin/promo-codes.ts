// /admin/promo-codes: the salon's discount codes (create, list, change,
// switch off) and their statistics. Every change is audited.
import { eq } from "drizzle-orm";
import { addDays, wallTimeToInstant } from "../../booking/zoned-time.js";
import { CreatePromoBody, type PromoCode, PromoEnvelope, PromoList, PromoStats, PromoStatsQuery, UpdatePromoBody } from "../../contracts/promo.js";
import { AppError } from "../../errors.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import { requestDb, schema as s } from "../../repo/db.js";
import { findPromo, listPromos, normalCode, type PromoWithStats } from "../../repo/promo.js";
import { loadSettings } from "../../repo/settings.js";
import { promoTotals } from "../../stats/money-products.js";
import { adminApp, ensureFound, uniquely } from "./shared.js";

export const promoCodesRoutes = adminApp();

function promoView({ promo: p, uses, givenAwayMinor }: PromoWithStats, currency: string): PromoCode {
  return {
    id: p.id,
    code: p.code,
    percent_off: p.percentOff,
    amount_off: p.amountOffMinor === null ? null : { amount_minor: p.amountOffMinor, currency },
    service_ids: p.serviceIds,
    staff_ids: p.staffIds,
    valid_from: p.validFrom,
    valid_to: p.validTo,
    first_visit_only: p.firstVisitOnly,
    total_limit: p.totalLimit,
    per_customer_limit: p.perCustomerLimit,
    active: p.active,
    uses,
    given_away: { amount_minor: givenAwayMinor, currency },
    created_at: p.createdAt,
  };
}

promoCodesRoutes.get("/", doc({ tag: "Back office", summary: "Promo codes with their uses and the revenue given away", access: "admin", responses: { 200: ["The codes, newest first", PromoList] } }), async (c) => {
  const db = requestDb(c);
  const [rows, settings] = await Promise.all([listPromos(db), loadSettings(db)]);
  return c.json({ promo_codes: rows.map((r) => promoView(r, settings.currency)) });
});

promoCodesRoutes.post("/", doc({ tag: "Back office", summary: "Create a promo code (a percent or a fixed amount off)", description: "Codes are case-insensitive (stored upper-case). Empty `service_ids`/`staff_ids` = every service/master; `valid_from`/`valid_to` are salon dates, inclusive; limits count uses held by bookings (a cancel gives one back).", access: "admin", body: CreatePromoBody, responses: { 201: ["The code", PromoEnvelope], 409: "`already_exists`: a code with this text exists" } }), async (c) => {
  const body = await jsonBody(c, CreatePromoBody);
  const db = requestDb(c);
  const [row] = await uniquely("code", () =>
    db
      .insert(s.promoCodes)
      .values({
        code: normalCode(body.code),
        percentOff: body.percent_off ?? null,
        amountOffMinor: body.amount_off_minor ?? null,
        serviceIds: [...new Set(body.service_ids)],
        staffIds: [...new Set(body.staff_ids)],
        validFrom: body.valid_from,
        validTo: body.valid_to,
        firstVisitOnly: body.first_visit_only,
        totalLimit: body.total_limit,
        perCustomerLimit: body.per_customer_limit,
        active: body.active,
      })
      .returning(),
  );
  const settings = await loadSettings(db);
  const promo = promoView({ promo: row!, uses: 0, givenAwayMinor: 0 }, settings.currency);
  await auditInsert(db, c.get("user"), { action: "create", entity: "promo_code", entityId: promo.id, after: promo });
  return c.json({ promo_code: promo }, 201);
});

promoCodesRoutes.get("/stats", doc({ tag: "Back office", summary: "Promo code statistics over a date range: uses and revenue given away", access: "admin", query: PromoStatsQuery, responses: { 200: ["Uses and discounts of visits in the range (salon dates, inclusive)", PromoStats] } }), async (c) => {
  const q = parseWith(PromoStatsQuery, c.req.query(), "query");
  if (q.from > q.to) throw new AppError("validation_failed", "to must not be before from");
  const db = requestDb(c);
  const settings = await loadSettings(db);
  const start = wallTimeToInstant(q.from, "00:00", settings.timeZone)!.toISOString();
  const end = wallTimeToInstant(addDays(q.to, 1), "00:00", settings.timeZone)!.toISOString();
  const codes = await promoTotals(db, start, end);
  const money = (amount_minor: number) => ({ amount_minor, currency: settings.currency });
  return c.json({
    from: q.from,
    to: q.to,
    uses: codes.reduce((n, r) => n + r.uses, 0),
    given_away: money(codes.reduce((n, r) => n + r.givenMinor, 0)),
    codes: codes.map((r) => ({ id: r.id, code: r.code, uses: r.uses, given_away: money(r.givenMinor) })),
  });
});

promoCodesRoutes.patch("/:id", doc({ tag: "Back office", summary: "Change a promo code: its discount, switch it off or on, its limits, dates, services, masters", description: "Giving `percent_off` or `amount_off_minor` switches the code to that discount (the other becomes null) for bookings from then on: uses already given keep the discount stored with them, so their prices and `given_away` do not change.", access: "admin", params: { id: "Promo code id" }, body: UpdatePromoBody, responses: { 200: ["The code", PromoEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdatePromoBody);
  const db = requestDb(c);
  const [found, settings] = await Promise.all([findPromo(db, id), loadSettings(db)]);
  const before = promoView(ensureFound(found, `Promo code ${id}`), settings.currency);
  const from = body.valid_from === undefined ? before.valid_from : body.valid_from;
  const to = body.valid_to === undefined ? before.valid_to : body.valid_to;
  if (from && to && from > to) throw new AppError("validation_failed", "valid_from must not be after valid_to", { field: "valid_from" });
  const discount =
    body.percent_off !== undefined ? { percentOff: body.percent_off, amountOffMinor: null } : body.amount_off_minor !== undefined ? { percentOff: null, amountOffMinor: body.amount_off_minor } : {};
  const set = {
    ...discount,
    active: body.active,
    totalLimit: body.total_limit,
    perCustomerLimit: body.per_customer_limit,
    validFrom: body.valid_from,
    validTo: body.valid_to,
    serviceIds: body.service_ids && [...new Set(body.service_ids)],
    staffIds: body.staff_ids && [...new Set(body.staff_ids)],
    firstVisitOnly: body.first_visit_only,
  };
  if (Object.values(set).every((value) => value === undefined)) return c.json({ promo_code: before });
  await db.update(s.promoCodes).set({ ...set, updatedAt: new Date().toISOString() }).where(eq(s.promoCodes.id, id));
  const promo = promoView((await findPromo(db, id))!, settings.currency);
  await auditInsert(db, c.get("user"), { action: "update", entity: "promo_code", entityId: id, before, after: promo });
  return c.json({ promo_code: promo });
});
