// Sign-in by a six-digit code sent by SMS. Codes are stored only as HMACs,
// live five minutes and allow five guesses; requests are rate limited per
// phone and per client, and SMS by a salon-wide hourly budget, so nobody can
// flood a number or the salon's SMS bill.
import type { Env } from "../env.js";
import { secretMatches } from "../lib/constant-time.js";
import { hmacSha256Hex } from "../lib/digest.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import * as otp from "../repo/otp.js";
import { enqueue, enqueueCodeSmsWithinBudget, oldestCodeSmsSince, type OutboxRow } from "../repo/outbox.js";
import { loadSettings } from "../repo/settings.js";
import { findUserByPhone, upsertUserByPhone } from "../repo/users.js";
import { ensurePhoneServed } from "../lib/phone-country.js";
import { alertAdminsOfSmsBudget } from "./sms-budget-alert.js";
import type { User } from "../contracts/auth.js";
import { personHash } from "../account/tombstone.js";
import { CONSENT_DOCUMENT, CONSENT_PAGE, ConsentRequired, consentAtSignIn, recordConsent } from "../legal/consent.js";

export const CODE_TTL_SECONDS = 5 * 60;
export const MAX_ATTEMPTS = 5;
export const RESEND_AFTER_SECONDS = 60;
const PER_PHONE_PER_HOUR = 5;
const PER_CLIENT_PER_HOUR = 20;

function randomCode(): string {
  // Rejection sampling keeps every code equally likely.
  const buf = new Uint32Array(1);
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  do crypto.getRandomValues(buf);
  while (buf[0]! >= limit);
  return String(buf[0]! % 1_000_000).padStart(6, "0");
}

const hashCode = (secret: string, phone: string, code: string) => hmacSha256Hex(`otp:${secret}`, `${phone}:${code}`);

const iso = (d: Date) => d.toISOString();
const secondsAgo = (now: Date, s: number) => iso(new Date(now.getTime() - s * 1000));
/** Whole seconds from now until an instant an hour after `since` (at least 1). */
const secondsUntilHourAfter = (since: string, now: Date) => Math.max(1, Math.ceil((Date.parse(since) + 3_600_000 - now.getTime()) / 1000));

function tooMany(code: "rate_limited" | "sms_budget_exhausted", message: string, wait: number): AppError {
  return new AppError(code, message, { retry_after: wait }, { "retry-after": String(wait) });
}

/** The 429 for a code the limits refused, with how long until the limit that refused it lets one through. */
async function refusal(db: Db, phone: string, clientKey: string, hourAgo: string, now: Date): Promise<AppError> {
  const facts = await otp.limitFacts(db, phone, clientKey, hourAgo);
  const sinceLast = facts.last ? Math.floor((now.getTime() - Date.parse(facts.last)) / 1000) : RESEND_AFTER_SECONDS;
  if (sinceLast < RESEND_AFTER_SECONDS) {
    const wait = Math.max(1, RESEND_AFTER_SECONDS - sinceLast);
    return tooMany("rate_limited", `A code was just sent; ask again in ${wait} s`, wait);
  }
  const oldest = facts.phone_count >= PER_PHONE_PER_HOUR ? facts.phone_oldest : facts.client_oldest;
  return tooMany("rate_limited", "Too many codes requested; try again later", oldest ? secondsUntilHourAfter(oldest, now) : 3600);
}

export interface SentCode {
  message: OutboxRow;
  channel: "sms" | "email";
}

/**
 * Sends a sign-in code to a number of a country the salon serves. The limits
 * (one a minute and five an hour per phone, twenty an hour per client) are
 * checked by the insert itself; the salon's hourly budget of sign-in SMS by
 * the SMS's own insert. Past the budget the code goes by email when the account has
 * one (free), else the request waits; the admins hear of it once an hour.
 */
export async function requestCode(db: Db, env: Env, phone: string, clientKey: string, now: Date): Promise<SentCode> {
  const settings = await loadSettings(db);
  ensurePhoneServed(phone, settings.phoneCountries);
  const hourAgo = secondsAgo(now, 3600);
  const code = randomCode();
  const id = await otp.insertCodeWithinLimits(db, {
    phone,
    clientKey,
    codeHash: await hashCode(env.JWT_SECRET, phone, code),
    expiresAt: iso(new Date(now.getTime() + CODE_TTL_SECONDS * 1000)),
    createdAt: iso(now),
  }, { resendAfter: secondsAgo(now, RESEND_AFTER_SECONDS), hourAgo, perPhonePerHour: PER_PHONE_PER_HOUR, perClientPerHour: PER_CLIENT_PER_HOUR });
  if (id === null) throw await refusal(db, phone, clientKey, hourAgo, now);

  const body = `Код для входа: ${code}. Никому его не сообщайте.`;
  const sms = await enqueueCodeSmsWithinBudget(db, { recipient: phone, body }, { perHour: settings.smsHourlyBudget, hourAgo }, now);
  if (sms) return { message: sms, channel: "sms" };

  const [user, oldest] = await Promise.all([findUserByPhone(db, phone), oldestCodeSmsSince(db, hourAgo), alertAdminsOfSmsBudget(db, settings.smsHourlyBudget, now)]);
  if (user?.email) {
    const email = await enqueue(db, { channel: "email", recipient: user.email, kind: "otp", subject: "Код для входа", body }, now);
    return { message: email, channel: "email" };
  }
  await otp.deleteCode(db, id);
  throw tooMany("sms_budget_exhausted", "The salon has sent all the sign-in SMS it may this hour; try again later", oldest ? secondsUntilHourAfter(oldest, now) : 60);
}

export async function verifyCode(
  db: Db,
  env: Env,
  phone: string,
  code: string,
  name: string | undefined,
  now: Date,
  consent: { offered?: { version: number }; ip: string | null },
): Promise<User> {
  const row = await otp.latestOpenCode(db, phone);
  if (!row) throw new AppError("no_code_requested", "No code is waiting for this phone; request a new one");
  if (row.expiresAt <= iso(now)) throw new AppError("code_expired", "The code has expired; request a new one");
  const attempts = await otp.takeAttempt(db, row.id, MAX_ATTEMPTS);
  if (attempts === null) {
    throw new AppError("too_many_attempts", "Too many wrong codes; request a new one");
  }
  if (!(await secretMatches(await hashCode(env.JWT_SECRET, phone, code), row.codeHash))) {
    throw new AppError("invalid_code", "The code is wrong", { attempts_left: MAX_ATTEMPTS - attempts });
  }
  // Asked only of the phone's owner (after the code matched), and before the
  // code is used up: the app shows the consent and sends the same code again.
  const toRecord = await consentAtSignIn(db, phone, consent.offered);
  if (toRecord instanceof ConsentRequired) {
    throw new AppError("consent_required", "Consent to the processing of personal data is required to sign in", {
      version: toRecord.version,
      document: CONSENT_DOCUMENT,
      page: CONSENT_PAGE,
    });
  }
  if (!(await otp.consumeCode(db, row.id, iso(now)))) {
    throw new AppError("no_code_requested", "This code was already used; request a new one");
  }
  const user = await upsertUserByPhone(db, phone, name);
  if (toRecord !== null) await recordConsent(db, { id: user.id, phoneHash: await personHash(env, phone) }, toRecord, consent.ip, now);
  return user;
}
