// Absolute links in customer messages: manage a booking, review a visit.
// Messages are stored with placeholders and get their links only in what is
// sent (the dispatcher) or shown to tests (GET /dev/outbox): the dedupe key
// carries the booking's id, start and master (see notify.ts). A live link
// cancels a booking without signing in, so it never rests in the database.
import { type Env, isDevelopment } from "../env.js";
import { log } from "../lib/log.js";
import { type LinkPurpose, signLink } from "./token.js";

export const MANAGE_PLACEHOLDER = "{{manage_url}}";
export const REVIEW_PLACEHOLDER = "{{review_url}}";

const LOCAL_ORIGIN = "http://127.0.0.1:8787";

/** The app's public origin, without a trailing slash. */
export function appOrigin(env: Env): string {
  const origin = env.APP_URL || env.PUBLIC_BASE_URL;
  if (origin) return origin.replace(/\/+$/, "");
  if (!isDevelopment(env)) log("warn", "APP_URL is not set; message links point at the local stack");
  return LOCAL_ORIGIN;
}

export interface LinkProblem {
  code: "app_url_missing";
  message: string;
}

/**
 * What keeps links in messages from working: production without APP_URL (or
 * PUBLIC_BASE_URL) would send customers links to the local stack. Reported by
 * GET /health; the dispatcher holds messages with links until it is fixed.
 * Other environments may use the local origin.
 */
export function linkProblems(env: Env): LinkProblem[] {
  if (env.ENVIRONMENT !== "production" || env.APP_URL || env.PUBLIC_BASE_URL) return [];
  return [{ code: "app_url_missing", message: "APP_URL (or PUBLIC_BASE_URL) is not set: links in messages would point at localhost; messages with links are held" }];
}

/** A message text that carries, or will carry, a link of the app. */
export const hasAppLink = (text: string) => text.includes("{{") || text.includes(LOCAL_ORIGIN);

/** What a link is signed for: a booking as it is now. */
export interface LinkedBooking {
  id: number;
  start_at: string;
  staff: { id: number } | null;
}

const paths: Record<LinkPurpose, string> = { manage: "m", review: "r" };

async function linkFor(env: Env, purpose: LinkPurpose, b: LinkedBooking): Promise<string> {
  const token = await signLink(env.JWT_SECRET, { purpose, bookingId: b.id, startAt: b.start_at, staffId: b.staff?.id ?? null });
  return `${appOrigin(env)}/${paths[purpose]}/${token}`;
}

/** The link that manages this booking without signing in (also for other senders, e.g. the waitlist). */
export const manageUrl = (env: Env, booking: LinkedBooking) => linkFor(env, "manage", booking);
export const reviewUrl = (env: Env, booking: LinkedBooking) => linkFor(env, "review", booking);

/** A message text with its placeholders replaced by this booking's links. */
async function withLinks(env: Env, text: string, booking: LinkedBooking): Promise<string> {
  let out = text;
  if (out.includes(MANAGE_PLACEHOLDER)) out = out.replaceAll(MANAGE_PLACEHOLDER, await manageUrl(env, booking));
  if (out.includes(REVIEW_PLACEHOLDER)) out = out.replaceAll(REVIEW_PLACEHOLDER, await reviewUrl(env, booking));
  return out;
}

/** `kind:id:start:master` as dedupeKeyOf writes it. */
const BOOKING_KEY = /^[a-z0-9_]+:([1-9]\d*):(\d{4}-\d\d-\d\dT[\d:.]+Z):(\d*)$/;

/** An outbox body with its placeholders filled from the booking its dedupe key names; unchanged without placeholders. */
export async function renderOutboxBody(env: Env, body: string, dedupeKey: string | null): Promise<string> {
  if (!body.includes("{{")) return body;
  const match = BOOKING_KEY.exec(dedupeKey ?? "");
  if (!match) return body;
  const [, id, start, staff] = match;
  return withLinks(env, body, { id: Number(id), start_at: start!, staff: staff ? { id: Number(staff) } : null });
}
