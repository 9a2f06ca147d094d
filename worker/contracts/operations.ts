// Answers of the platform's own routes (health, documentation, cron, ledger
// checks, webhooks' acknowledgements, development helpers), so the OpenAPI
// document describes them field by field like the rest.
import * as v from "valibot";

export const Health = v.object({ status: v.literal("ok"), database: v.literal("ok"), time: v.string() });

/** The OpenAPI document itself: its parts are described by the OpenAPI 3.1 specification, not here. */
export const OpenApiDocument = v.pipe(v.record(v.string(), v.unknown()), v.description("An OpenAPI 3.1 document"));

/** The docs page and the test checkout are HTML. */
export const Html = v.pipe(v.string(), v.description("An HTML page"));

export const AccountDeleted = v.object({ deleted: v.literal(true), cancelled: v.number() });

export const LedgerRepair = v.object({
  booking_id: v.number(),
  change: v.picklist(["added", "removed", "updated"]),
  reason: v.optional(v.picklist(["missing", "inactive", "other_master"])),
  start: v.string(),
  end: v.string(),
});
export const LedgerAudit = v.object({ staff_id: v.number(), rebuilt: v.boolean(), repairs: v.array(LedgerRepair) });

/** What each cron job did: free-form reports per job, which change as jobs are added. */
export const CronReport = v.object({
  ran_at: v.string(),
  salon: v.record(v.string(), v.unknown()),
  ledgers: v.record(v.string(), v.unknown()),
  yclients: v.record(v.string(), v.unknown()),
});

/** A provider's notification was taken: `outcome` says what it changed (`duplicate`, `unknown_payment`, `confirmed` …). */
export const PaymentWebhookAck = v.object({ ok: v.literal(true), outcome: v.string() });

/** A YClients event was stored (`duplicate`: seen before); it is processed after the answer. */
export const YclientsWebhookAck = v.object({ ok: v.literal(true), duplicate: v.boolean() });

export const DevOutbox = v.object({
  messages: v.array(
    v.object({
      id: v.number(),
      channel: v.string(),
      recipient: v.string(),
      kind: v.string(),
      /** `service` (about the person's own bookings) or `advertising` (38-FZ: sent only with consent). */
      purpose: v.picklist(["service", "advertising"]),
      subject: v.nullable(v.string()),
      body: v.string(),
      status: v.string(),
      created_at: v.string(),
    }),
  ),
});

export const DevRoutes = v.object({ routes: v.array(v.object({ method: v.string(), path: v.string() })) });
