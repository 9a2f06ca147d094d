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

/** A stored row as the export gives it: every column, described loosely. */
const ExportRow = v.record(v.string(), v.unknown());

/**
 * GET /me/export and GET /admin/clients/{id}/export: described loosely, every
 * section is listed. (`objectWithRest`, not `looseObject`: the JSON Schema of
 * a looseObject does not say that other fields are allowed.)
 */
export const PersonalDataExport = v.objectWithRest(
  {
    format: v.string(),
    exported_at: v.string(),
    profile: v.objectWithRest({ id: v.number(), phone: v.string(), name: v.nullable(v.string()), email: v.nullable(v.string()) }, v.unknown()),
    consents: v.array(ExportRow),
    bookings: v.array(ExportRow),
    visits: v.array(ExportRow),
    messages: v.array(ExportRow),
    waitlist: v.array(ExportRow),
    reviews: v.array(ExportRow),
    loyalty: v.object({ points: v.number(), entries: v.array(ExportRow) }),
    push_subscriptions: v.array(ExportRow),
    certificates: v.array(ExportRow),
  },
  v.unknown(),
);
