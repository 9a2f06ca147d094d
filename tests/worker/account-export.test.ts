// GET /me/export and the admin's export for a written request: everything
// held about the account, section by section.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { personWithEverything } from "./person-data.js";
import { adminToken, newCustomer } from "./scenario.js";

describe("export of a person's data", () => {
  it("returns everything held about the account: profile, consents, bookings with payments and refunds, messages, waitlist, reviews, points, certificates", async () => {
    const p = await personWithEverything();
    const res = await call("GET", "/api/v1/me/export", { token: p.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="my-data-\d{4}-\d\d-\d\d\.json"$/);
    const data = res.body;
    expect(data.profile).toMatchObject({ id: p.id, phone: p.phone, name: p.name, email: p.email, salon_notes: expect.stringContaining("Любит чай") });
    expect(data.consents).toEqual([expect.objectContaining({ kind: "personal_data", version: expect.any(Number), withdrawn_at: null })]);

    const ids = data.bookings.map((b: { id: number }) => b.id);
    for (const id of Object.values(p.bookingIds)) expect(ids).toContain(id);
    const withNotes = data.bookings.find((b: { id: number }) => b.id === p.bookingIds.notes);
    expect(withNotes.notes).toContain(p.phone);
    const paid = data.bookings.find((b: { id: number }) => b.id === p.bookingIds.paid);
    // The refund's size follows the salon's policy, which other test files may change for a moment.
    expect(paid.payments).toEqual([expect.objectContaining({ id: p.paymentId, amount_minor: 100_000, refunded_minor: paid.payments[0].refunds[0].amount_minor })]);
    expect(paid.payments[0].refunds).toEqual([expect.objectContaining({ amount_minor: expect.any(Number), currency: "RUB", status: "succeeded" })]);
    expect(paid.payments[0].refunds[0].amount_minor).toBeGreaterThan(0);
    expect(paid.payments[0]).not.toHaveProperty("idempotency_key");

    const kinds = data.messages.map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(["otp", "booking_created", "review_request"]));
    for (const m of data.messages) expect([p.phone, p.email]).toContain(m.recipient);
    expect(data.waitlist).toEqual([expect.objectContaining({ id: p.waitlistId, service_id: 3 })]);
    expect(data.reviews).toEqual([expect.objectContaining({ id: p.reviewId, rating: 4, text: expect.stringContaining(p.name) })]);
    expect(data.loyalty.points).toBeGreaterThanOrEqual(700);
    expect(data.push_subscriptions).toHaveLength(1);
    expect(data.push_subscriptions[0]).not.toHaveProperty("auth");
    const certificates = data.certificates.map((c: { id: number }) => c.id);
    expect(certificates).toEqual(expect.arrayContaining([p.certificateIds.received, p.certificateIds.gift]));
    expect(data.certificates[0]).not.toHaveProperty("sale_key");
    // abonements: theirs, with their visits and freezes, without the sale's request key.
    expect(data.abonements.map((a: { id: number }) => a.id)).toEqual([p.abonementId]);
    expect(data.abonements[0]).toMatchObject({ holder_user_id: p.id, status: "awaiting_payment", uses: [], freezes: [] });
    expect(data.abonements[0]).not.toHaveProperty("sale_key");

    // The salon answers a written request with the same document.
    const admin = await call("GET", `/api/v1/admin/clients/${p.id}/export`, { token: await adminToken() });
    expect(admin.status).toBe(200);
    expect(admin.body.profile).toEqual(data.profile);
    expect(admin.body.bookings.map((b: { id: number }) => b.id).sort()).toEqual([...ids].sort());
  });

  it("is the caller's own: a customer cannot export another client, and an unknown client is 404", async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    expect((await call("GET", `/api/v1/admin/clients/${b.id}/export`, { token: a.token })).status).toBe(403);
    expect((await call("GET", "/api/v1/me/export")).status).toBe(401);
    expect((await call("GET", "/api/v1/admin/clients/999999999/export", { token: await adminToken() })).status).toBe(404);
    const own = await call("GET", "/api/v1/me/export", { token: a.token });
    expect(own.body.profile.id).toBe(a.id);
    expect(own.body.bookings).toEqual([]);
  });
});
