// The endpoint keeps prepared statements per pooled connection and runs the
// same SQL text again with them. Reuse must never show: other arguments give
// their own answers, a statement that failed works again, a changed table is
// seen, and a rolled-back transaction leaves nothing behind.
import { afterEach, describe, expect, it } from "vitest";
import { LibsqlError } from "@libsql/client";
import { Harness } from "./helpers.js";

const h = new Harness();
afterEach(() => h.cleanup());

async function setup() {
  const server = await h.server();
  const db = h.client(server.url);
  await db.executeMultiple("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, qty INTEGER);");
  return db;
}

describe("prepared statements reused by the local endpoint", () => {
  it("answers the same SQL with other arguments by those arguments", async () => {
    const db = await setup();
    for (let i = 1; i <= 20; i++) await db.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: [`item ${i}`, i] });
    for (let i = 1; i <= 20; i++) {
      const rs = await db.execute({ sql: "SELECT name, qty FROM items WHERE qty = ?", args: [i] });
      expect(rs.rows.map((r) => [r.name, r.qty])).toEqual([[`item ${i}`, i]]);
    }
    const inBatch = await db.batch([1, 2, 3].map((i) => ({ sql: "SELECT qty FROM items WHERE qty >= ? ORDER BY qty LIMIT 1", args: [i * 5] })), "read");
    expect(inBatch.map((rs) => rs.rows[0]!.qty)).toEqual([5, 10, 15]);
  });

  it("runs a statement again after it failed", async () => {
    const db = await setup();
    const insert = "INSERT INTO items (name, qty) VALUES (?, ?)";
    await db.execute({ sql: insert, args: ["one", 1] });
    const error = await db.execute({ sql: insert, args: ["one", 2] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlError);
    expect((error as LibsqlError).code).toMatch(/^SQLITE_CONSTRAINT/);
    const rs = await db.execute({ sql: insert, args: ["two", 2] });
    expect(rs.rowsAffected).toBe(1);
    expect((await db.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(2);
  });

  it("sees a column added after the statement was first run", async () => {
    const db = await setup();
    await db.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["one", 1] });
    expect((await db.execute("SELECT * FROM items")).columns).toEqual(["id", "name", "qty"]);
    await db.execute("ALTER TABLE items ADD COLUMN note TEXT");
    const after = await db.execute("SELECT * FROM items");
    expect(after.columns).toEqual(["id", "name", "qty", "note"]);
    expect(after.rows[0]!.note).toBeNull();
  });

  it("leaves nothing of a rolled-back transaction, and the same insert then commits", async () => {
    const db = await setup();
    const insert = { sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["kept", 1] };
    const tx = await db.transaction("write");
    await tx.execute(insert);
    await tx.rollback();
    tx.close();
    expect((await db.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(0);
    await db.execute(insert);
    expect((await db.execute("SELECT name FROM items")).rows.map((r) => r.name)).toEqual(["kept"]);
  });
});
