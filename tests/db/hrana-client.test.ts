// The Worker's Hrana client (worker/repo/hrana.ts) against the local endpoint,
// side by side with @libsql/client/web, which it replaces: same rows, same
// counters, same errors for the same statements.
import { createClient, type Client, type ResultSet } from "@libsql/client/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHranaClient, HttpServerError } from "../../worker/repo/hrana.js";
import { Harness } from "./helpers.js";

const harness = new Harness();
let url = "";
let ours: Client;
let theirs: Client;

/** A result as plain data: rows by index and by name, and the counters. */
const plain = (rs: ResultSet) => ({
  columns: rs.columns,
  byIndex: rs.rows.map((r) => Array.prototype.slice.call(r)),
  byName: rs.rows.map((r) => Object.fromEntries(Object.keys(r).map((k) => [k, (r as Record<string, unknown>)[k]]))),
  rowsAffected: rs.rowsAffected,
  lastInsertRowid: rs.lastInsertRowid,
});

async function failure(work: Promise<unknown>): Promise<{ name: string; code?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    const e = error as { name: string; code?: string; message: string };
    return { name: e.name, code: e.code, message: e.message };
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  const server = await harness.server({ authToken: "secret" });
  url = server.url;
  ours = createHranaClient({ url, authToken: "secret" });
  theirs = harness.client(url, { authToken: "secret" });
  await theirs.execute("create table t (id integer primary key autoincrement, n integer, f real, s text unique, b blob, j text)");
});

afterAll(() => harness.cleanup());

describe("the Worker's Hrana client", () => {
  it("writes and reads values as @libsql/client does", async () => {
    const args = [42, 1.5, "привет", new Uint8Array([0, 1, 255]), JSON.stringify({ a: [1, 2] })];
    const a = await ours.execute({ sql: "insert into t (n, f, s, b, j) values (?, ?, ?, ?, ?) returning id, n, f, s, j", args });
    const b = await theirs.execute({ sql: "insert into t (n, f, s, b, j) values (?, ?, ?, ?, ?) returning id, n, f, s, j", args: [...args.slice(0, 2), "другой", ...args.slice(3)] });
    expect({ ...plain(a), byIndex: undefined, byName: undefined }).toEqual({ ...plain(b), byIndex: undefined, byName: undefined, lastInsertRowid: a.lastInsertRowid });
    expect(plain(a).byIndex[0]!.slice(1)).toEqual([42, 1.5, "привет", '{"a":[1,2]}']);
    const sql = "select id, n, f, s, b, j, null as empty, 7 as n from t order by id";
    const [mine, reference] = [plain(await ours.execute(sql)), plain(await theirs.execute(sql))];
    expect(mine).toEqual(reference);
    // a repeated column name: the first one names the value, as in @libsql/client
    expect(mine.byName[0]!.n).toBe(42);
    expect(new Uint8Array(mine.byIndex[0]![4] as ArrayBuffer)).toEqual(new Uint8Array([0, 1, 255]));
  });

  it("sends bigints, booleans and named arguments", async () => {
    const rs = await ours.execute({ sql: "select :big + 0 as big, :yes as yes, :no as no, :none as none", args: { big: 9007199254740991n, yes: true, no: false, none: null } });
    expect(plain(rs).byName).toEqual([{ big: 9007199254740991, yes: 1, no: 0, none: null }]);
    await expect(ours.execute("select 9007199254740993 as too_big")).rejects.toThrow(RangeError);
  });

  it("runs a batch in one transaction and rolls all of it back when a statement fails", async () => {
    const before = (await ours.execute("select count(*) as c from t")).rows[0]!.c;
    const results = await ours.batch([{ sql: "insert into t (s) values (?)", args: ["batch-1"] }, { sql: "select s from t where s = ?", args: ["batch-1"] }], "write");
    expect(results.map((r) => r.rowsAffected)).toEqual([1, 0]);
    expect(results[1]!.rows.map((r) => r.s)).toEqual(["batch-1"]);
    const mine = await failure(ours.batch([{ sql: "insert into t (s) values (?)", args: ["batch-2"] }, { sql: "insert into t (s) values (?)", args: ["batch-1"] }], "write"));
    const reference = await failure(theirs.batch([{ sql: "insert into t (s) values (?)", args: ["batch-3"] }, { sql: "insert into t (s) values (?)", args: ["batch-1"] }], "write"));
    expect(mine.code).toBe(reference.code);
    expect(mine.message).toContain("UNIQUE constraint failed");
    expect((await ours.execute("select count(*) as c from t")).rows[0]!.c).toBe(Number(before) + 1);
    expect(plain((await ours.batch(["select 1 as one", "select 2 as two"], "read"))[1]!).byName).toEqual([{ two: 2 }]);
  });

  it("fails a statement with the database's code, and an HTTP refusal with its status", async () => {
    const [mine, reference] = [await failure(ours.execute("select nope from t")), await failure(theirs.execute("select nope from t"))];
    expect([mine.name, mine.code]).toEqual([reference.name, reference.code]);
    const refused = await failure(createHranaClient({ url, authToken: "wrong" }).execute("select 1"));
    expect(refused.name).toBe("HttpServerError");
    const error = await createHranaClient({ url }).execute("select 1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpServerError);
    expect((error as HttpServerError).status).toBe(401);
  });
});
