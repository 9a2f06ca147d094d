// consent: the legal texts (personal-data consent, privacy policy), the
// operator they name, and a person's data export. Shared with the PWA.
import * as v from "valibot";

export const LegalKind = v.picklist(["consent", "privacy"], "kind is consent or privacy");
export type LegalKind = v.InferOutput<typeof LegalKind>;

/** The salon as the operator of personal data (salon settings); null fields are not filled in yet. */
export const Operator = v.object({
  name: v.string(),
  legal_name: v.nullable(v.string()),
  inn: v.nullable(v.string()),
  ogrn: v.nullable(v.string()),
  address: v.nullable(v.string()),
  email: v.nullable(v.string()),
});
export type Operator = v.InferOutput<typeof Operator>;

export const LegalDocument = v.object({
  kind: LegalKind,
  version: v.number(),
  body: v.string(),
  published_at: v.string(),
  operator: Operator,
});
export type LegalDocument = v.InferOutput<typeof LegalDocument>;

export const PublishLegalBody = v.object({ body: v.pipe(v.string(), v.trim(), v.minLength(20, "the text is too short"), v.maxLength(50_000)) });

/** GET /me/export and GET /admin/clients/{id}/export: described loosely, every section is listed. */
export const PersonalDataExport = v.looseObject({
  format: v.string(),
  exported_at: v.string(),
  profile: v.looseObject({ id: v.number(), phone: v.string(), name: v.nullable(v.string()), email: v.nullable(v.string()) }),
  consents: v.array(v.looseObject({})),
  bookings: v.array(v.looseObject({})),
  visits: v.array(v.looseObject({})),
  messages: v.array(v.looseObject({})),
  waitlist: v.array(v.looseObject({})),
  reviews: v.array(v.looseObject({})),
  loyalty: v.object({ points: v.number(), entries: v.array(v.looseObject({})) }),
  push_subscriptions: v.array(v.looseObject({})),
});
