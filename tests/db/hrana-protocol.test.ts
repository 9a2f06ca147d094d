import { afterEach, describe, expect, it } from "vitest";
import { LibsqlError } from "@libsql/client/web";
import { Harness, pipeline, sql } from "./helpers.js";

const h = new Harness();
afterEach(() => h.cleanup());

describe("Hrana over HTTP wire protocol", () => {
  it("answers health and version probes, steering v3 clients to JSON, and 404s unknown paths", async () => {
    const { url } = await h.server();
    const status = async (path: string) => {
      const res = await fetch(url + path);
      await res.arrayBuffer();
      return [res.status, res.headers.get("content-type")];
    };
    expect(await status("/health")).toEqual([200, "application/json"]);
    expect((await status("/v2"))[0]).toBe(200);
    expect((await status("/v3"))[0]).toBe(200);
    expect(await status("/v3-protobuf")).toEqual([404, "application/json"]);
    const res = await fetch(`${url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("issues a fresh single-use baton per response and rejects stale or unknown batons", async () => {
    const { url } = await h.server();
    const first = await pipeline(url, { baton: null, requests: [sql("SELECT 1")] });
    expect(first.status).toBe(200);
    expect(first.json.base_url).toBeNull();
    const b1 = first.json.baton!;
    expect(b1).toMatch(/^[\w-]{32}$/);

    const second = await pipeline(url, { baton: b1, requests: [sql("SELECT 2")] });
    expect(second.json.baton).not.toBe(b1);

    const stale = await pipeline(url, { baton: b1, requests: [sql("SELECT 3")] });
    expect(stale.status).toBe(400);
    expect(stale.contentType).toBe("application/json");
    expect(stale.json.code).toBe("STREAM_EXPIRED");
    const unknown = await pipeline(url, { baton: "not-a-baton", requests: [] });
    expect(unknown.status).toBe(400);

    const closed = await pipeline(url, { baton: second.json.baton, requests: [{ type: "close" }] });
    expect(closed.json.baton).toBeNull();
  });

  it("keeps executing a pipeline after a failing request", async () => {
    const { url } = await h.server();
    const { json } = await pipeline(url, {
      baton: null,
      requests: [
        sql("SELEC 1"),
        sql("SELECT 2 AS two"),
        sql("SELECT ?", { named_args: [{ name: "a", value: { type: "null" } }] }),
        sql("SELECT ?2, :a", { named_args: [{ name: "a", value: { type: "null" } }] }),
        { type: "close" },
      ],
    });
    expect(json.results.map((r) => r.type)).toEqual(["error", "ok", "error", "error", "ok"]);
    expect(json.results[0]!.error!.code).toBe("SQLITE_ERROR");
    expect(json.results[1]!.response!.result!.rows).toEqual([[{ type: "integer", value: "2" }]]);
    expect(json.results[2]!.error!.code).toBe("ARGS_INVALID");
    expect(json.results[3]!.error!.code).toBe("ARGS_INVALID");
  });

  it("evaluates batch conditions: ok, error, not, and, or, is_autocommit", async () => {
    const { url } = await h.server();
    const step = (text: string, condition?: unknown) => ({ stmt: { sql: text }, ...(condition ? { condition } : {}) });
    const { json } = await pipeline(url, {
      requests: [
        {
          type: "batch",
          batch: {
            steps: [
              step("SELECT 1"),
              step("SELEC"),
              step("SELECT 'and'", { type: "and", conds: [{ type: "ok", step: 0 }, { type: "error", step: 1 }] }),
              step("SELECT 'not'", { type: "not", cond: { type: "ok", step: 0 } }),
              step("SELECT 'or'", { type: "or", conds: [{ type: "ok", step: 1 }, { type: "is_autocommit" }] }),
              step("SELECT 'forward'", { type: "ok", step: 9 }),
            ],
          },
        },
      ],
    });
    const result = json.results[0]!.response!.result as { step_results: unknown[]; step_errors: ({ code: string } | null)[] };
    expect(result.step_results.map((r) => r !== null)).toEqual([true, false, true, false, true, false]);
    expect(result.step_errors.map((e) => e?.code ?? null)).toEqual([null, "SQLITE_ERROR", null, null, null, "BATCH_COND_INVALID"]);
  });

  it("supports stored SQL, sequence, describe, get_autocommit and want_rows: false", async () => {
    const { url } = await h.server();
    const { json } = await pipeline(url, {
      requests: [
        { type: "store_sql", sql_id: 1, sql: "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1); BEGIN" },
        { type: "sequence", sql_id: 1 },
        { type: "get_autocommit" },
        { type: "store_sql", sql_id: 2, sql: "INSERT INTO t VALUES (:v)" },
        { type: "execute", stmt: { sql_id: 2, named_args: [{ name: ":v", value: { type: "float", value: 2 } }], want_rows: false } },
        { type: "describe", sql: "SELECT a, ?3 FROM t WHERE a = :v OR a = @w" },
        { type: "describe", sql_id: 2 },
        { type: "close_sql", sql_id: 2 },
        { type: "execute", stmt: { sql_id: 2 } },
        sql("SELECT a, typeof(a) AS t FROM t ORDER BY a", { want_rows: false }),
        sql("COMMIT"),
        { type: "get_autocommit" },
      ],
    });
    const r = json.results;
    expect(r.map((x) => x.type)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "error", "ok", "ok", "ok"]);
    expect(r[2]!.response!.is_autocommit).toBe(false);
    expect(r[4]!.response!.result).toMatchObject({ affected_row_count: 1, last_insert_rowid: "2", rows: [] });
    expect(r[5]!.response!.result).toMatchObject({
      params: [{ name: null }, { name: null }, { name: "?3" }, { name: ":v" }, { name: "@w" }],
      cols: [{ name: "a", decltype: "INTEGER" }, { name: "?3", decltype: null }],
      is_explain: false,
      is_readonly: true,
    });
    expect(r[6]!.response!.result).toMatchObject({ is_readonly: false });
    expect(r[8]!.error!.code).toBe("SQL_NOT_FOUND");
    expect(r[9]!.response!.result).toMatchObject({ rows: [], cols: [{ name: "a" }, { name: "t" }] });
    expect(r[11]!.response!.is_autocommit).toBe(true);
  });

  it("rejects malformed bodies with HTTP 400", async () => {
    const { url } = await h.server();
    const bad = await fetch(`${url}/v2/pipeline`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "PROTOCOL_ERROR" });
    const wrongType = await pipeline(url, { requests: [{ type: "explode" }] });
    expect(wrongType.status).toBe(400);
  });

  it("streams batch results from the v3 cursor endpoint as newline-delimited JSON", async () => {
    const { url } = await h.server();
    const res = await fetch(`${url}/v3/cursor`, {
      method: "POST",
      body: JSON.stringify({ batch: { steps: [{ stmt: { sql: "SELECT 1 AS x UNION ALL SELECT 2" } }, { stmt: { sql: "SELEC" } }] } }),
    });
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ base_url: null });
    expect(typeof lines[0]!.baton).toBe("string");
    expect(lines.slice(1).map((l) => l.type)).toEqual(["step_begin", "row", "row", "step_end", "step_error"]);
    await pipeline(url, { baton: lines[0]!.baton, requests: [{ type: "close" }] });
  });

  it("recovers a stream whose statement timed out waiting for the write lock", async () => {
    const { url } = await h.server({ busyTimeoutMs: 50 });
    const holder = await pipeline(url, { requests: [sql("CREATE TABLE t (a)"), sql("BEGIN IMMEDIATE")] });
    const waiter = await pipeline(url, { requests: [sql("INSERT INTO t VALUES (1)")] });
    expect(waiter.json.results[0]!.error!.code).toBe("SQLITE_BUSY");
    await pipeline(url, { baton: holder.json.baton, requests: [sql("COMMIT"), { type: "close" }] });

    const { json } = await pipeline(url, {
      baton: waiter.json.baton,
      requests: [sql("BEGIN IMMEDIATE"), sql("INSERT INTO t VALUES (2)"), sql("COMMIT"), sql("SELECT a FROM t"), { type: "close" }],
    });
    expect(json.results.map((r) => r.type)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(json.results[3]!.response!.result!.rows).toEqual([[{ type: "integer", value: "2" }]]);
  });

  it("closes idle streams so their batons stop working", async () => {
    const { url } = await h.server({ idleTimeoutMs: 50 });
    const { json } = await pipeline(url, { requests: [sql("SELECT 1")] });
    await new Promise((r) => setTimeout(r, 150));
    const late = await pipeline(url, { baton: json.baton, requests: [sql("SELECT 1")] });
    expect(late.status).toBe(400);
    expect(late.json.code).toBe("STREAM_EXPIRED");
  });

  it("surfaces an unknown baton to the client as a LibsqlError", async () => {
    const { url } = await h.server({ idleTimeoutMs: 50 });
    const tx = await h.client(url).transaction("deferred");
    await tx.execute("SELECT 1");
    await new Promise((r) => setTimeout(r, 150));
    const err: unknown = await tx.execute("SELECT 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibsqlError);
    expect((err as LibsqlError).code).toBe("STREAM_EXPIRED");
  });
});
