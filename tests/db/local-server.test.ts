import { afterEach, describe, expect, it } from "vitest";
import { createClient as createNodeClient, LibsqlError } from "@libsql/client";
import { Harness, pipeline, sql } from "./helpers.js";

const h = new Harness();
afterEach(() => h.cleanup());

async function setup(opts: Parameters<Harness["server"]>[0] = {}) {
  const server = await h.server(opts);
  const db = h.client(server.url, { intMode: "bigint" });
  await db.executeMultiple(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, qty INTEGER, price REAL, data BLOB, note TEXT);
  `);
  return { server, db };
}

async function rejection(p: Promise<unknown>): Promise<LibsqlError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LibsqlError);
  return err as LibsqlError;
}

describe("local libSQL server (Hrana over HTTP)", () => {
  it("round-trips every value type, including 64-bit integers and blobs", async () => {
    const { db } = await setup();
    const big = 9007199254740993n;
    await db.execute({
      sql: "INSERT INTO items (name, qty, price, data, note) VALUES (?, ?, ?, ?, ?)",
      args: ["a", big, 1.25, new Uint8Array([0, 1, 254, 255]), null],
    });
    const rs = await db.execute("SELECT name, qty, price, data, note, typeof(qty) AS t FROM items");
    const row = rs.rows[0]!;
    expect(row.name).toBe("a");
    expect(row.qty).toBe(big);
    expect(row.price).toBe(1.25);
    expect([...new Uint8Array(row.data as ArrayBuffer)]).toEqual([0, 1, 254, 255]);
    expect(row.note).toBeNull();
    expect(row.t).toBe("integer");
    expect(rs.columns).toEqual(["name", "qty", "price", "data", "note", "t"]);
    expect(rs.columnTypes.slice(0, 4)).toEqual(["TEXT", "INTEGER", "REAL", "BLOB"]);
  });

  it("stores whole JS numbers sent as floats as integers in INTEGER columns", async () => {
    const { db } = await setup();
    await db.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["n", 42] });
    const rs = await db.execute("SELECT qty, typeof(qty) AS t FROM items");
    expect(rs.rows[0]!.qty).toBe(42n);
    expect(rs.rows[0]!.t).toBe("integer");
  });

  it("binds named arguments written with :, @ and $ prefixes", async () => {
    const { db } = await setup();
    const rs = await db.execute({ sql: "SELECT :a AS a, @b AS b, $c AS c", args: { a: 1n, "@b": "two", $c: null } });
    expect(rs.rows[0]).toMatchObject({ a: 1n, b: "two", c: null });
  });

  it("reports affected rows and the last insert rowid", async () => {
    const { db } = await setup();
    const ins = await db.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, 1), (?, 2)", args: ["x", "y"] });
    expect(ins.rowsAffected).toBe(2);
    expect(ins.lastInsertRowid).toBe(2n);
    const upd = await db.execute("UPDATE items SET qty = qty + 1");
    expect(upd.rowsAffected).toBe(2);
    const ret = await db.execute("DELETE FROM items WHERE name = 'x' RETURNING id");
    expect(ret.rows.map((r) => r.id)).toEqual([1n]);
    expect(ret.rowsAffected).toBe(1);
    const sel = await db.execute("SELECT * FROM items");
    expect(sel.rowsAffected).toBe(0);
  });

  it("runs a write batch atomically: a failing statement rolls back earlier ones", async () => {
    const { db } = await setup();
    const ok = await db.batch(
      [
        { sql: "INSERT INTO items (name) VALUES (?)", args: ["first"] },
        { sql: "SELECT count(*) AS n FROM items", args: [] },
      ],
      "write",
    );
    expect(ok[1]!.rows[0]!.n).toBe(1n);
    const err = await rejection(
      db.batch(
        [
          { sql: "INSERT INTO items (name) VALUES (?)", args: ["second"] },
          { sql: "INSERT INTO items (name) VALUES (?)", args: ["first"] },
        ],
        "write",
      ),
    );
    expect(err.code).toBe("SQLITE_CONSTRAINT_UNIQUE");
    const rs = await db.execute("SELECT name FROM items ORDER BY id");
    expect(rs.rows.map((r) => r.name)).toEqual(["first"]);
  });

  it("executes multi-statement scripts, including trigger bodies with semicolons", async () => {
    const { db } = await setup();
    await db.executeMultiple(`
      CREATE TABLE log (msg TEXT); -- a comment; with a semicolon
      CREATE TRIGGER items_log AFTER INSERT ON items BEGIN
        INSERT INTO log VALUES (CASE WHEN new.qty > 1 THEN 'many;' ELSE 'one' END);
        INSERT INTO log VALUES ('done');
      END;
      INSERT INTO items (name, qty) VALUES ('semi;colon', 5);
    `);
    const rs = await db.execute("SELECT msg FROM log");
    expect(rs.rows.map((r) => r.msg)).toEqual(["many;", "done"]);
    const items = await db.execute("SELECT name FROM items");
    expect(items.rows[0]!.name).toBe("semi;colon");
  });

  it("commits and rolls back interactive write transactions", async () => {
    const { db } = await setup();
    const tx = await db.transaction("write");
    await tx.execute({ sql: "INSERT INTO items (name) VALUES (?)", args: ["kept"] });
    expect((await tx.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(1n);
    await tx.commit();

    const tx2 = await db.transaction("write");
    await tx2.execute({ sql: "INSERT INTO items (name) VALUES (?)", args: ["dropped"] });
    await tx2.rollback();

    const rs = await db.execute("SELECT name FROM items");
    expect(rs.rows.map((r) => r.name)).toEqual(["kept"]);
  });

  it("serves read transactions", async () => {
    const { db } = await setup();
    await db.execute("INSERT INTO items (name) VALUES ('r')");
    const tx = await db.transaction("read");
    const rs = await tx.execute("SELECT name FROM items");
    expect(rs.rows[0]!.name).toBe("r");
    await tx.commit();
  });

  it("maps constraint and syntax errors to SQLite error codes", async () => {
    const { db } = await setup();
    await db.execute("INSERT INTO items (id, name) VALUES (1, 'u')");
    expect((await rejection(db.execute("INSERT INTO items (name) VALUES ('u')"))).code).toBe("SQLITE_CONSTRAINT_UNIQUE");
    expect((await rejection(db.execute("INSERT INTO items (id) VALUES (1)"))).code).toBe("SQLITE_CONSTRAINT_PRIMARYKEY");
    const syntax = await rejection(db.execute("SELEC 1"));
    expect(syntax.code).toBe("SQLITE_ERROR");
    expect(syntax.message).toMatch(/syntax error/);
  });

  it("makes a second write transaction wait for the first instead of failing", async () => {
    const { server, db } = await setup();
    const other = h.client(server.url, { intMode: "bigint" });
    const tx1 = await db.transaction("write");
    await tx1.execute("INSERT INTO items (name) VALUES ('one')");

    const tx2 = await other.transaction("write");
    let tx2Started = false;
    const tx2Insert = tx2.execute("INSERT INTO items (name) VALUES ('two')").then((r) => {
      tx2Started = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(tx2Started).toBe(false);
    // Readers are not blocked by the pending writer (WAL).
    expect((await db.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(0n);

    await tx1.commit();
    await tx2Insert;
    await tx2.commit();
    const rs = await db.execute("SELECT name FROM items ORDER BY id");
    expect(rs.rows.map((r) => r.name)).toEqual(["one", "two"]);
    expect((await db.execute("PRAGMA integrity_check")).rows[0]![0]).toBe("ok");
  });

  it("fails with SQLITE_BUSY once the busy timeout is exceeded", async () => {
    const { server, db } = await setup({ busyTimeoutMs: 100 });
    const tx1 = await db.transaction("write");
    await tx1.execute("INSERT INTO items (name) VALUES ('one')");
    const tx2 = await h.client(server.url).transaction("write");
    expect((await rejection(tx2.execute("SELECT 1"))).code).toBe("SQLITE_BUSY");
    tx2.close();
    await tx1.commit();
  });

  it("expires idle streams, rolling back their open transaction", async () => {
    const { db } = await setup({ idleTimeoutMs: 100 });
    const tx = await db.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('ghost')");
    await new Promise((r) => setTimeout(r, 300));
    const err = await rejection(tx.execute("SELECT 1"));
    expect(err.code).toBe("STREAM_EXPIRED");
    expect((await db.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(0n);
  });

  it("requires the bearer token when one is configured", async () => {
    const server = await h.server({ authToken: "s3cret" });
    const anonymous = h.client(server.url);
    expect((await rejection(anonymous.execute("SELECT 1"))).code).toBe("UNAUTHORIZED");
    const raw = await fetch(`${server.url}/v2/pipeline`, { method: "POST", body: "{}" });
    expect(raw.status).toBe(401);
    await raw.body?.cancel();
    const wrong = h.client(server.url, { authToken: "nope" });
    expect((await rejection(wrong.execute("SELECT 1"))).code).toBe("UNAUTHORIZED");
    const authed = h.client(server.url, { authToken: "s3cret" });
    expect((await authed.execute("SELECT 1 AS one")).rows[0]!.one).toBe(1);
  });

  it("works with the Node entry point of @libsql/client over http://", async () => {
    const { server } = await setup();
    const db = h.track(createNodeClient({ url: server.url }));
    await db.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["node", 3] });
    const rs = await db.execute("SELECT qty FROM items WHERE name = 'node'");
    expect(rs.rows[0]!.qty).toBe(3);
  });
  it("counts the HTTP requests and SQL statements it serves at GET /stats", async () => {
    const { server, db } = await setup();
    const stats = async () => (await (await fetch(`${server.url}/stats`)).json()) as { requests: number; statements: number };
    const before = await stats();
    await db.execute("SELECT 1");
    await db.batch(["INSERT INTO items (name) VALUES ('s1')", "INSERT INTO items (name) VALUES ('s2')"], "write");
    const after = await stats();
    expect(after.requests - before.requests).toBe(2);
    // The write batch is wrapped in BEGIN … COMMIT by the client.
    expect(after.statements - before.statements).toBeGreaterThanOrEqual(3);
  });

  it("adds the configured delay to every request, standing in for the edge-to-Turso hop", async () => {
    const { db } = await setup({ delayMs: 60 });
    const t0 = performance.now();
    await db.execute("SELECT 1");
    await db.execute("SELECT 2");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
  });

  it("reuses pooled connections without leaking a stream's transaction, stored SQL or pragmas", async () => {
    const { server } = await setup({ poolSize: 2 });
    const url = server.url;
    const fkQuery = sql("SELECT foreign_keys AS fk FROM pragma_foreign_keys");
    const fresh = await pipeline(url, { baton: null, requests: [fkQuery, { type: "close" }] });
    const fkDefault = fresh.json.results[0]!.response!.result!.rows as unknown[][];
    const flipped = (fkDefault[0]![0] as { value: string }).value === "1" ? "OFF" : "ON";
    // A stream that stores SQL, flips a pragma, opens a transaction and is then closed.
    const opened = await pipeline(url, {
      baton: null,
      requests: [
        { type: "store_sql", sql_id: 1, sql: "SELECT 41 + 1 AS n" },
        sql(`PRAGMA foreign_keys = ${flipped}`),
        sql("BEGIN"),
        sql("INSERT INTO items (name) VALUES ('left open')"),
        { type: "close" },
      ],
    });
    expect(opened.json.results.every((r) => r.type === "ok")).toBe(true);
    for (let i = 0; i < 4; i++) {
      const next = await pipeline(url, {
        baton: null,
        requests: [
          { type: "get_autocommit" },
          { type: "execute", stmt: { sql_id: 1 } },
          fkQuery,
          sql("SELECT count(*) AS n FROM items"),
          { type: "close" },
        ],
      });
      const [autocommit, stored, fk, count] = next.json.results;
      expect(autocommit!.response).toMatchObject({ is_autocommit: true });
      expect(stored!.error?.code).toBe("SQL_NOT_FOUND");
      expect(fk!.response!.result!.rows).toEqual(fkDefault);
      expect(count!.response!.result!.rows).toEqual([[{ type: "integer", value: "0" }]]);
    }
  });

  it("keeps concurrent transactions on pooled connections apart", async () => {
    const { db } = await setup({ poolSize: 4 });
    // Warm the pool so both transactions below run on reused connections.
    await Promise.all([db.execute("SELECT 1"), db.execute("SELECT 2")]);
    const a = await db.transaction("write");
    await a.execute("INSERT INTO items (name) VALUES ('a')");
    const reader = await db.transaction("read");
    expect((await reader.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(0n);
    await a.commit();
    reader.close();
    expect((await db.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(1n);
  });
});
