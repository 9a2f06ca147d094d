// POST /admin/cron/run: the cron jobs on demand (what `npm run cron` calls locally).
import { describe, expect, it } from "vitest";
import { call } from "../worker/client.js";
import { adminToken, newCustomer } from "../worker/scenario.js";

describe("running the cron jobs on demand", () => {
  it("is for admins only", async () => {
    expect((await call("POST", "/api/v1/admin/cron/run")).status).toBe(401);
    const customer = await newCustomer();
    expect((await call("POST", "/api/v1/admin/cron/run", { token: customer.token })).status).toBe(403);
  });

  it("runs every job and says what each did", async () => {
    const res = await call("POST", "/api/v1/admin/cron/run", { token: await adminToken() });
    expect(res.status).toBe(200);
    expect(res.body.salon).toEqual(
      expect.objectContaining({ reminders: expect.any(Number), refunds: expect.any(Object), auto_completed: expect.any(Object), receipts: expect.any(Object) }),
    );
    expect(res.body.yclients).toEqual(expect.objectContaining({ yclients_events: expect.any(Object), yclients_reconcile: expect.any(String) }));
  });
});
