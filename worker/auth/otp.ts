// Sign-in by a six-digit code sent by SMS. Codes are stored only as HMACs,
// live five minutes and allow five guesses; requests are rate limited per
// phone and per client so nobody can flood a number or our SMS bill.
import type { Env } from "../env.js";
import { secretMatches } from "../lib/constant-time.js";
import { hmacSha256Hex } from "../lib/digest.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import * as otp from "../repo/otp.js";
import { enqueue } from "../repo/outbox.js";
import { upsertUserByPhone } from "../repo/users.js";
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

export async function requestCode(db: Db, env: Env, phone: string, clientKey: string, now: Date) {
  const last = await otp.lastCodeCreatedAt(db, phone);
  if (last) {
    const wait = RESEND_AFTER_SECONDS - Math.floor((now.getTime() - Date.parse(last)) / 1000);
    if (wait > 0) {
      throw new AppError("rate_limited", `A code was just sent; ask again in ${wait} s`, { retry_after: wait }, {
        "retry-after": String(wait),
      });
    }
  }
  const hourAgo = secondsAgo(now, 3600);
  const [byPhone, byClient] = await Promise.all([
    otp.countCodesSince(db, "phone", phone, hourAgo),
    otp.countCodesSince(db, "client", clientKey, hourAgo),
  ]);
  if (byPhone >= PER_PHONE_PER_HOUR || byClient >= PER_CLIENT_PER_HOUR) {
    throw new AppError("rate_limited", "Too many codes requested; try again in an hour", { retry_after: 3600 }, {
      "retry-after": "3600",
    });
  }
  const code = randomCode();
  await otp.insertCode(db, {
    phone,
    clientKey,
    codeHash: await hashCode(env.JWT_SECRET, phone, code),
    expiresAt: iso(new Date(now.getTime() + CODE_TTL_SECONDS * 1000)),
    createdAt: iso(now),
  });
  return enqueue(db, { channel: "sms", recipient: phone, kind: "otp", body: `Код для входа: ${code}. Никому его не сообщайте.` }, now);
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
