// Certificate types the salon sells: a nominal amount, or one service (at
// its price when sold), each valid for some months.
import { eq } from "drizzle-orm";
import type { CertificateType, CertificateTypeBody } from "../contracts/certificates.js";
import { AppError } from "../errors.js";
import { activeServiceRow } from "../repo/catalog.js";
import { type CertificateTypeRow, listTypes } from "../repo/certificates.js";
import { type Db, schema as s } from "../repo/db.js";

export function typeView(row: CertificateTypeRow, servicePrice: number | null): CertificateType {
  const price = row.kind === "amount" ? row.amountMinor : servicePrice;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    price: price === null ? null : { amount_minor: price, currency: row.currency },
    service_id: row.serviceId,
    validity_months: row.validityMonths,
    active: row.active,
  };
}

export async function typeViews(db: Db, includeInactive: boolean): Promise<CertificateType[]> {
  const rows = await listTypes(db, includeInactive);
  const prices = new Map<number, number>();
  for (const id of new Set(rows.map((r) => r.serviceId).filter((id): id is number => id !== null))) {
    const service = await activeServiceRow(db, id);
    if (service) prices.set(id, service.priceMinor);
  }
  return rows.map((r) => typeView(r, r.serviceId === null ? null : (prices.get(r.serviceId) ?? null)));
}

export async function createType(db: Db, body: CertificateTypeBody, currency: string): Promise<CertificateType> {
  let price: number | null = null;
  if (body.kind === "amount") {
    if (body.amount_minor === undefined || body.service_id !== undefined) throw new AppError("validation_failed", "An amount type has amount_minor and no service_id", { field: "amount_minor" });
  } else {
    if (body.service_id === undefined || body.amount_minor !== undefined) throw new AppError("validation_failed", "A service type has service_id and no amount_minor", { field: "service_id" });
    const service = await activeServiceRow(db, body.service_id);
    if (!service) throw new AppError("invalid_reference", `Service ${body.service_id} does not exist or is not offered`, { field: "service_id" });
    price = service.priceMinor;
  }
  const [row] = await db
    .insert(s.certificateTypes)
    .values({ name: body.name, kind: body.kind, amountMinor: body.amount_minor ?? null, serviceId: body.service_id ?? null, currency, validityMonths: body.validity_months, active: body.active })
    .returning();
  return typeView(row!, price);
}

export async function patchType(db: Db, id: number, patch: { name?: string; validity_months?: number; active?: boolean }): Promise<CertificateTypeRow | null> {
  const [row] = await db
    .update(s.certificateTypes)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.validity_months !== undefined ? { validityMonths: patch.validity_months } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      updatedAt: new Date().toISOString(),
    })
    .where(eq(s.certificateTypes.id, id))
    .returning();
  return row ?? null;
}
