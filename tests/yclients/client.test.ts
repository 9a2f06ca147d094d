// The YClients client against the fake in Node: headers, paging, 429 with
// Retry-After, bounded retries, timeouts, pacing and answer validation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as v from "valibot";
import { YClientsClient, YClientsError } from "../../worker/yclients/client.js";
import type { YcConfig } from "../../worker/yclients/config.js";
import { rateLimiter } from "../../worker/yclients/rate-limit.js";
import { YcRecord, YcService } from "../../worker/yclients/schemas.js";
import { FAKE_COMPANY_ID, FAKE_PARTNER_TOKEN, FAKE_USER_TOKEN, type FakeYClients, startFakeYClients } from "../fakes/yclients.js";

let fake: FakeYClients;
let config: YcConfig;
const unpaced = async () => undefined;
const client = (o: ConstructorParameters<typeof YClientsClient>[1] = {}) => new YClientsClient(config, { acquire: unpaced, baseDelayMs: 20, ...o });
const rule = (path: string, mode: string, extra: Record<string, unknown> = {}) => fake.state.rules.push({ path, match: "prefix", mode: mode as never, ...extra });

beforeAll(async () => {
  fake = await startFakeYClients();
  config = { baseUrl: fake.url, companyId: FAKE_COMPANY_ID, partnerToken: FAKE_PARTNER_TOKEN, userToken: FAKE_USER_TOKEN, formId: null, widgetBaseUrl: null, webhookSecret: null, timeoutMs: 300, timesTtlMs: 0, probeTtlMs: 0 };
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.rules = [];
  fake.state.seen = [];
  fake.state.records.clear();
  fake.state.pageCaps.clear();
});

const putRecords = (n: number, extra: Record<string, unknown> = {}) => {
  for (let i = 1; i <= n; i++) {
    fake.state.records.set(i, { id: i, staff_id: 1901, date: "2026-03-02 10:00:00", datetime: "2026-03-02T10:00:00+03:00", length: 3600, services: [], ...extra });
  }
};

describe("YClients client", () => {
  it("sends the documented Accept and Authorization headers and reads the envelope", async () => {
    const services = await client().list(`/company/${FAKE_COMPANY_ID}/services`, YcService);
    expect(services.map((s) => s.id)).toEqual([5147108, 5147109]);
    expect(fake.state.seen[0]).toMatchObject({ accept: "application/vnd.yclients.v2+json", authorization: `Bearer ${FAKE_PARTNER_TOKEN}, User ${FAKE_USER_TOKEN}` });
  });

  it("pages with page and count until meta.total_count is reached", async () => {
    putRecords(5);
    const records = await client().list(`/records/${FAKE_COMPANY_ID}`, YcRecord, { start_date: "2026-03-01", end_date: "2026-03-31" }, 2);
    expect(records.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(fake.state.seen.map((s) => [s.query.page?.[0], s.query.count?.[0]])).toEqual([["1", "2"], ["2", "2"], ["3", "2"]]);
  });

  it("keeps paging when YClients serves fewer items per page than asked", async () => {
    putRecords(7);
    fake.state.pageCaps.set("", { cap: 3, overcount: 0 });
    const records = await client().list(`/records/${FAKE_COMPANY_ID}`, YcRecord, {}, 5);
    expect(records.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(fake.state.seen.map((s) => s.query.page?.[0])).toEqual(["1", "2", "3"]);
  });

  it("fails instead of returning a partial list when a page comes back empty before the total", async () => {
    putRecords(4);
    // Page 2 answers empty while the total still says 4.
    const real = fetch;
    const spy: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.searchParams.get("page") === "2") return new Response(JSON.stringify({ success: true, data: [], meta: { total_count: 4 } }), { status: 200 });
      return real(input, init);
    };
    const error = await client({ fetch: spy }).list(`/records/${FAKE_COMPANY_ID}`, YcRecord, {}, 2).catch((e: YClientsError) => e);
    expect(error).toMatchObject({ kind: "incomplete" });
  });

  it("fails when pages stop advancing", async () => {
    putRecords(4);
    const stuck: typeof fetch = async (input) => {
      const url = new URL(String(input));
      url.searchParams.set("page", "1");
      return fetch(url, { headers: { authorization: `Bearer ${FAKE_PARTNER_TOKEN}, User ${FAKE_USER_TOKEN}` } });
    };
    const error = await client({ fetch: stuck }).list(`/records/${FAKE_COMPANY_ID}`, YcRecord, {}, 2).catch((e: YClientsError) => e);
    expect(error).toMatchObject({ kind: "incomplete" });
  });

  it("reads lists whose meta is [] (no total) until an empty page", async () => {
    const noTotal: typeof fetch = async (input) => {
      const page = Number(new URL(String(input)).searchParams.get("page"));
      const data = page <= 2 ? [{ id: page, title: `s${page}` }] : [];
      return new Response(JSON.stringify({ success: true, data, meta: [] }), { status: 200 });
    };
    const list = await client({ fetch: noTotal }).list(`/services/${FAKE_COMPANY_ID}`, YcService, {}, 1);
    expect(list.map((s) => s.id)).toEqual([1, 2]);
  });

  it("takes DELETE /record's 204 with an empty body as success", async () => {
    putRecords(1);
    await expect(client().request("DELETE", `/record/${FAKE_COMPANY_ID}/1`)).resolves.toEqual({ data: null, meta: null });
    expect(fake.state.records.get(1)).toMatchObject({ deleted: true });
  });

  it("reads an error body without `success` ({errors, meta}) by its HTTP status", async () => {
    const error = (await client().get(`/record/${FAKE_COMPANY_ID}/424242`, YcRecord).catch((e) => e)) as YClientsError;
    expect(error).toMatchObject({ kind: "not_found", status: 404 });
    expect(error.message).toContain("Запись не найдена");
    const company = (await client().get(`/company/1`, v.unknown()).catch((e) => e)) as YClientsError;
    expect(company).toMatchObject({ kind: "not_found", status: 404 });
  });

  it("waits as long as a 429's Retry-After says before trying again", async () => {
    rule("/company/", "http_429", { times: 1, retryAfter: "1" });
    await client().get(`/company/${FAKE_COMPANY_ID}`, v.unknown());
    const [first, second] = fake.state.seen;
    expect(fake.state.seen).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("gives up instead of waiting when Retry-After is longer than it may wait", async () => {
    rule("/company/", "http_429", { retryAfter: "120" });
    const error = (await client({ maxRetryWaitMs: 1000 }).get(`/company/${FAKE_COMPANY_ID}`, v.unknown()).catch((e) => e)) as YClientsError;
    expect(error).toBeInstanceOf(YClientsError);
    expect(error.kind).toBe("rate_limited");
    expect(fake.state.seen).toHaveLength(1);
  });

  it("retries 5xx a bounded number of times", async () => {
    rule("/company/", "http_500");
    const error = await client({ maxAttempts: 3 }).get(`/company/${FAKE_COMPANY_ID}`, v.unknown()).catch((e: YClientsError) => e);
    expect(error).toMatchObject({ kind: "server", status: 500 });
    expect(fake.state.seen).toHaveLength(3);
  });

  it("recovers when a 5xx is followed by success", async () => {
    rule("/company/", "http_500", { times: 1 });
    await expect(client().get(`/company/${FAKE_COMPANY_ID}`, v.object({ id: v.number() }))).resolves.toEqual({ id: FAKE_COMPANY_ID });
    expect(fake.state.seen).toHaveLength(2);
  });

  it("does not retry refused credentials", async () => {
    const error = (await new YClientsClient({ ...config, partnerToken: "wrong" }, { acquire: unpaced }).get(`/company/${FAKE_COMPANY_ID}`, v.unknown()).catch((e) => e)) as YClientsError;
    expect(error).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(error.message).toContain("Необходима авторизация");
    expect(fake.state.seen).toHaveLength(1);
  });

  it("times out a slow answer", async () => {
    rule("/company/", "slow", { delayMs: 2000 });
    const error = await client({ maxAttempts: 1, timeoutMs: 200 }).get(`/company/${FAKE_COMPANY_ID}`, v.unknown()).catch((e: YClientsError) => e);
    expect(error).toMatchObject({ kind: "timeout" });
  });

  it("rejects answers that are not the documented shape", async () => {
    rule("/company/", "garbage");
    await expect(client({ maxAttempts: 1 }).get(`/company/${FAKE_COMPANY_ID}`, v.unknown())).rejects.toMatchObject({ kind: "invalid_response" });
    const wrongShape = client().list(`/company/${FAKE_COMPANY_ID}/staff`, v.object({ id: v.string() }));
    await expect(wrongShape).rejects.toMatchObject({ kind: "invalid_response" });
  });

  it("paces calls to 200 a minute as well as 5 a second", async () => {
    let clock = 0;
    const waits: number[] = [];
    const acquire = rateLimiter(
      [
        { max: 5, ms: 1000 },
        { max: 200, ms: 60_000 },
      ],
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      () => clock,
    );
    for (let i = 0; i < 201; i++) await acquire();
    // 200 calls fit in 40 seconds at 5/s; the 201st waits for the minute to roll over.
    expect(clock).toBeGreaterThanOrEqual(60_000);
    expect(clock).toBeLessThan(61_000);
  });

  it("paces calls to at most 5 starting in any second", async () => {
    const acquire = rateLimiter(5);
    const paced = new YClientsClient(config, { acquire });
    await Promise.all(Array.from({ length: 7 }, () => paced.get(`/company/${FAKE_COMPANY_ID}`, v.unknown())));
    const starts = fake.state.seen.map((s) => s.at).sort((a, b) => a - b);
    expect(starts[5]! - starts[0]!).toBeGreaterThanOrEqual(950);
  });
});
