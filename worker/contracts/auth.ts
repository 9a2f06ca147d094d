// Sign-in requests and answers, shared by the worker and the PWA.
import * as v from "valibot";
import { normalizePhone } from "../lib/phone.js";
import { BodyId } from "./common.js";

/** A version of the consent text, as `GET /legal/consent` gives it. */
const ConsentVersion = BodyId;

/** Any common way of writing a phone number in; E.164 out. */
export const Phone = v.pipe(
  v.string("Укажите номер телефона / phone is required"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const phone = normalizePhone(dataset.value);
    if (phone === null) {
      addIssue({ message: "Номер телефона в формате +7XXXXXXXXXX / phone must look like +7XXXXXXXXXX" });
      return NEVER;
    }
    return phone;
  }),
);

export const OtpRequestBody = v.object({ phone: Phone });

export const OtpVerifyBody = v.object({
  phone: Phone,
  code: v.pipe(v.string(), v.regex(/^\d{6}$/, "Код — 6 цифр / the code is 6 digits")),
  name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  /** The personal-data consent the person ticked: the version of the text they were shown. */
  consent: v.optional(v.object({ version: ConsentVersion })),
});

/** Where the person stands with the personal-data consent. */
export const ConsentStatus = v.object({
  current: v.number(),
  given: v.nullable(v.number()),
  given_at: v.nullable(v.string()),
  needed: v.boolean(),
});
export type ConsentStatus = v.InferOutput<typeof ConsentStatus>;

export const GiveConsentBody = v.object({ version: ConsentVersion });

export const User = v.object({
  id: v.number(),
  phone: v.string(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  role: v.picklist(["customer", "staff", "admin"]),
  staff_id: v.nullable(v.number()),
});
export type User = v.InferOutput<typeof User>;

export const OtpRequestResult = v.object({
  sent: v.literal(true),
  /** "email" when the salon's hourly SMS budget is spent and the account has an email. */
  channel: v.picklist(["sms", "email"]),
  expires_in: v.number(),
  retry_after: v.number(),
});

/** A session's tokens, as a renewal answers them. */
export const SessionTokens = v.object({
  /** The access token: send it as `Authorization: Bearer`; it lasts an hour. */
  token: v.string(),
  expires_at: v.string(),
  /** Only for POST /auth/refresh: trades for the next access token until the session ends. */
  refresh_token: v.string(),
  /** When the sign-in ends (30 days after it); renewals do not extend it. */
  session_expires_at: v.string(),
  user: User,
});
export type SessionTokens = v.InferOutput<typeof SessionTokens>;

/** A sign-in's answer: the session's tokens and where the person stands with the consent. */
export const AuthResult = v.object({ ...SessionTokens.entries, consent: ConsentStatus });

export const MeResult = v.object({ user: User, consent: ConsentStatus });
export type AuthResult = v.InferOutput<typeof AuthResult>;
