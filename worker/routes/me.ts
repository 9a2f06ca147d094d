import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { requireUser } from "../auth/session.js";
import type { AppEnv } from "../env.js";
import * as v from "valibot";
import { ConsentStatus, GiveConsentBody, MeResult, User } from "../contracts/auth.js";
import { PersonalDataExport } from "../contracts/legal.js";
import { AppError } from "../errors.js";
import { exportPerson } from "../account/export.js";
import { personHash } from "../account/tombstone.js";
import { currentDocument } from "../legal/documents.js";
import { CONSENT_DOCUMENT, CONSENT_PAGE, consentState, recordConsent, truncateIp } from "../legal/consent.js";
import { UpdateProfileBody } from "../contracts/manage.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { deleteAccount } from "../account/delete.js";
import { dispatchSoon } from "../notify/dispatcher.js";
import { requestDb, schema as s } from "../repo/db.js";
import { toUser } from "../repo/users.js";
import { AccountDeleted } from "../contracts/operations.js";

export const meRoutes = new Hono<AppEnv>();

meRoutes.get("/", doc({ tag: "Auth", summary: "The signed-in user and where they stand with the personal-data consent", description: "`consent.needed` is true when the person agreed to an older version of the text (or never did): the PWA asks before going on.", access: "signed_in", responses: { 200: ["The user", MeResult] } }), requireUser(), async (c) => {
  const user = c.get("user");
  return c.json({ user, consent: await consentState(requestDb(c), user.id) });
});

// consent: agreeing again to a new version of the text, from the app.
meRoutes.post("/consent", doc({ tag: "Auth", summary: "Give the personal-data consent to the current version of the text", access: "signed_in", body: GiveConsentBody, responses: { 200: ["Where the person stands now", v.object({ consent: ConsentStatus })], 422: "`consent_required`: not the version in force (`details.version` is)" } }), requireUser(), async (c) => {
  const { version } = await jsonBody(c, GiveConsentBody);
  const db = requestDb(c);
  const user = c.get("user");
  const current = await currentDocument(db, "consent");
  if (version !== current.version) {
    throw new AppError("consent_required", "That is not the version of the text in force", { version: current.version, document: CONSENT_DOCUMENT, page: CONSENT_PAGE });
  }
  const now = new Date();
  await recordConsent(db, { id: user.id, phoneHash: await personHash(c.env, user.phone) }, version, truncateIp(c.req.header("cf-connecting-ip")), now);
  return c.json({ consent: await consentState(db, user.id) });
});

// consent: everything held about the account (152-FZ, Art. 14).
meRoutes.get("/export", doc({ tag: "Auth", summary: "Everything held about your account, as JSON", description: "Profile, consents, bookings with payments and refunds, visits, messages sent, waitlist, reviews, loyalty points and push subscriptions. Served as a download.", access: "signed_in", responses: { 200: ["The export", PersonalDataExport] } }), requireUser(), async (c) => {
  const user = c.get("user");
  const now = new Date();
  const data = await exportPerson(requestDb(c), user.id, now);
  c.header("cache-control", "no-store");
  c.header("content-disposition", `attachment; filename="my-data-${now.toISOString().slice(0, 10)}.json"`);
  return c.json(data);
});

// manage: the profile (name, and the email messages go to) and leaving for good.
meRoutes.patch("/", doc({ tag: "Auth", summary: "Change your name or email (messages go to the email when one is set; null removes it)", access: "signed_in", body: UpdateProfileBody, responses: { 200: ["The user", v.object({ user: User })] } }), requireUser(), async (c) => {
  const body = await jsonBody(c, UpdateProfileBody);
  const [row] = await requestDb(c)
    .update(s.users)
    .set({ name: body.name, email: body.email, updatedAt: new Date().toISOString() })
    .where(eq(s.users.id, c.get("user").id))
    .returning();
  return c.json({ user: toUser(row!) });
});

meRoutes.delete("/", doc({ tag: "Auth", summary: "Delete your account and personal data", description: "Future bookings are cancelled (slots freed, prepayments refunded); past bookings stay for the salon's records without name, phone or notes; every session ends. Customers only.", access: "signed_in", responses: { 200: ["`cancelled`: how many future bookings were cancelled", AccountDeleted], 403: "`forbidden`: staff and admin accounts are removed by the salon" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const { cancelled } = await deleteAccount(db, c.env, c.get("user"), new Date());
  c.executionCtx.waitUntil(dispatchSoon(db, c.env));
  return c.json({ deleted: true, cancelled });
});
