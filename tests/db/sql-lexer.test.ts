import { describe, expect, it } from "vitest";
import { scanSql } from "../../db/hrana/sql-lexer.js";

describe("scanSql", () => {
  it("splits on semicolons outside strings, identifiers and comments", () => {
    const { statements } = scanSql(`
      INSERT INTO "a;b" VALUES ('x;''y'); -- trailing; comment
      /* block; comment */ SELECT [c;d], \`e;f\` FROM t;
      ;;
      SELECT 3`);
    expect(statements).toEqual([`INSERT INTO "a;b" VALUES ('x;''y');`, "-- trailing; comment\n      /* block; comment */ SELECT [c;d], `e;f` FROM t;", "SELECT 3"]);
  });

  it("keeps trigger bodies, including CASE ... END, in one statement", () => {
    const trigger = `CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN
      UPDATE t SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;
      DELETE FROM u;
    END;`;
    expect(scanSql(`${trigger} SELECT 1;`).statements).toEqual([trigger, "SELECT 1;"]);
  });

  it("does not treat BEGIN/END transactions as trigger blocks", () => {
    expect(scanSql("BEGIN; INSERT INTO t VALUES (1); END;").statements).toHaveLength(3);
  });

  it("numbers parameters the way SQLite does", () => {
    const scan = scanSql("SELECT ?, :a, ?5, :a, @b, $c, ?, 'not :p' AS \"also :q\"");
    expect(scan.params.map((p) => p.name)).toEqual([null, ":a", null, null, "?5", "@b", "$c", null]);
    expect(scanSql("SELECT ?3, :a").params.map((p) => p.name)).toEqual([null, null, "?3", ":a"]);
  });

  it("reports no statements for whitespace and comments only", () => {
    expect(scanSql("  -- nothing\n /* here */ ").statements).toEqual([]);
  });
});
