// Gift certificates: requests and answers shared by the worker and the PWA.
import * as v from "valibot";
import { Phone } from "./auth.js";
import { Money } from "./catalog.js";
import { BodyId, DateTime, MoneyMinor } from "./common.js";

/** A code as people type it: any case, with or without dashes and spaces. */
export const CertificateCode = v.pipe(v.string(), v.trim(), v.minLength(1, "certificate_code is empty"), v.maxLength(40, "certificate_code is at most 40 characters"));

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("Адрес почты вида name@example.ru / an email like name@example.com"), v.maxLength(200));
const Reason = v.pipe(v.string(), v.trim(), v.minLength(3, "reason is at least 3 characters"), v.maxLength(500));

export const CertificateStatus = v.picklist(["awaiting_payment", "active", "void", "refunded", "canceled"]);

export const Recipient = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "recipient.name is empty"), v.maxLength(100)),
  phone: v.optional(Phone),
  email: v.optional(Email),
});

export const Certificate = v.object({
  id: v.number(),
  /** ABCD-EFGH-JKMN; null while an online sale waits for its payment. */
  code: v.nullable(v.string()),
  status: CertificateStatus,
  balance: Money,
  initial: Money,
  expires_at: v.string(),
  sold_by: v.picklist(["desk", "online"]),
  type_id: v.nullable(v.number()),
  /** A "for a service" certificate pays only for this service. */
  service_id: v.nullable(v.number()),
  recipient: v.nullable(v.object({ name: v.nullable(v.string()), phone: v.nullable(v.string()), email: v.nullable(v.string()) })),
  message: v.nullable(v.string()),
  send_at: v.nullable(v.string()),
  end_reason: v.nullable(v.string()),
  created_at: v.string(),
});
export type Certificate = v.InferOutput<typeof Certificate>;
export const CertificateEnvelope = v.object({ certificate: Certificate });

export const CertificateType = v.object({
  id: v.number(),
  name: v.string(),
  kind: v.picklist(["amount", "service"]),
  /** The nominal amount; for a service type, the service's price now. */
  price: v.nullable(Money),
  service_id: v.nullable(v.number()),
  validity_months: v.number(),
  active: v.boolean(),
});
export type CertificateType = v.InferOutput<typeof CertificateType>;

const Months = v.pipe(v.number(), v.integer("validity_months is a whole number"), v.minValue(1), v.maxValue(60, "validity_months is at most 60"));
const Positive = v.pipe(MoneyMinor, v.minValue(100, "amount_minor is at least 100 (1 ₽)"));

export const CertificateTypeBody = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  kind: v.picklist(["amount", "service"], "kind is amount or service"),
  amount_minor: v.optional(Positive),
  service_id: v.optional(BodyId),
  validity_months: v.optional(Months, 12),
  active: v.optional(v.boolean(), true),
});
export type CertificateTypeBody = v.InferOutput<typeof CertificateTypeBody>;
export const CertificateTypePatch = v.partial(v.object({ name: CertificateTypeBody.entries.name, validity_months: Months, active: v.boolean() }));

/** Issued at the desk and paid at the salon's till: the till fiscalises it, we send no receipt. */
export const IssueCertificateBody = v.object({
  amount_minor: v.optional(Positive),
  type_id: v.optional(BodyId),
  validity_months: v.optional(Months),
  recipient: v.optional(Recipient),
  message: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
});
export type IssueCertificateBody = v.InferOutput<typeof IssueCertificateBody>;

export const BuyCertificateBody = v.object({
  type_id: v.optional(BodyId),
  amount_minor: v.optional(Positive),
  /** Absent: for the buyer themself. */
  recipient: v.optional(Recipient),
  message: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
  /** When the recipient gets the code; absent: as soon as it is paid. */
  send_at: v.optional(DateTime("send_at")),
});
export type BuyCertificateBody = v.InferOutput<typeof BuyCertificateBody>;

export const CertificateSale = v.object({
  certificate: Certificate,
  payment: v.object({ status: v.picklist(["pending", "succeeded", "canceled"]), amount: Money, confirmation_url: v.nullable(v.string()) }),
});

export const CertificateEndBody = v.object({ reason: Reason });
export const CertificateExtendBody = v.object({ expires_at: DateTime("expires_at"), reason: Reason });
export const CertificateRedeemBody = v.object({ booking_id: BodyId, certificate_code: CertificateCode, amount_minor: v.optional(Positive) });

/** What anyone holding the code may see: no names, no contacts. */
export const CertificateBalance = v.object({
  certificate: v.object({ code: v.string(), status: CertificateStatus, balance: Money, expires_at: v.string(), service_id: v.nullable(v.number()), expired: v.boolean() }),
});

export const CertificateList = v.object({ certificates: v.array(Certificate) });
export const CertificateTypeList = v.object({ types: v.array(CertificateType) });
