// The reachability probe behind the routing decision: one cheap call that
// also finds the booking form, kept briefly so a page of services does not
// probe once per service, and not trusted for long when it says "down".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { markDown, probeCompany } from "../../worker/yclients/company.js";
import type { YcConfig } from "../../worker/yclients/config.js";
import { FAKE_COMPANY_ID, FAKE_PARTNER_TOKEN, FAKE_USER_TOKEN, type FakeYClients, startFakeYClients } from "../fakes/yclients.js";

let fake: FakeYClients;
let config: YcConfig;
let clock = Date.parse("2026-01-10T10:00:00Z");

beforeAll(async () => {
  fake = await startFakeYClients();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.rules = [];
  fake.state.seen = [];
  // An hour later per test: what an earlier test cached has expired.
  clock += 3_600_000;
  config = { baseUrl: fake.url, companyId: FAKE_COMPANY_ID, partnerToken: FAKE_PARTNER_TOKEN, userToken: FAKE_USER_TOKEN, formId: null, widgetBaseUrl: null, webhookSecret: null, timeoutMs: 500, timesTtlMs: 0, probeTtlMs: null };
});

describe("YClients reachability probe", () => {
  it("finds the default booking form and keeps an 'up' answer for 30 seconds", async () => {
    const first = await probeCompany(config, clock);
    expect(first).toEqual({ up: true, formBase: "https://n777001.yclients.com" });
    await probeCompany(config, clock + 29_000);
    expect(fake.state.seen).toHaveLength(1);
    await probeCompany(config, clock + 31_000);
    expect(fake.state.seen).toHaveLength(2);
  });

  it("prefers the configured form over the listed one", async () => {
    const probe = await probeCompany({ ...config, formId: "42", companyId: FAKE_COMPANY_ID }, clock + 120_000);
    expect(probe.formBase).toBe("https://n42.yclients.com");
  });

  it("says down on a failure and asks again after 10 seconds", async () => {
    fake.state.rules.push({ path: `/company/${FAKE_COMPANY_ID}`, match: "exact", mode: "http_500" });
    const t = clock + 240_000;
    expect(await probeCompany(config, t)).toMatchObject({ up: false, formBase: null });
    fake.state.rules = [];
    expect(await probeCompany(config, t + 5_000)).toMatchObject({ up: false });
    expect(await probeCompany(config, t + 11_000)).toMatchObject({ up: true });
  });

  it("turns down at once when a call just failed", async () => {
    expect(await probeCompany(config, Date.now())).toMatchObject({ up: true });
    markDown(config, "book_times failed");
    expect(await probeCompany(config, Date.now())).toMatchObject({ up: false, error: "book_times failed" });
  });
});
