import Database from "libsql";
import type { BatchCond, BatchResult, BatchStep, DescribeResult, HranaError, StmtReq, StmtResult } from "./protocol.js";
import { scanSql, type SqlScan } from "./sql-lexer.js";
import { fromSqlValue, RequestError, toHranaError, toSqlValue, type SqlValue } from "./values.js";

type Db = InstanceType<typeof Database>;
type Bind = SqlValue[] | Record<string, SqlValue>;

/** Idle prepared statements kept per connection (the Worker's distinct statements fit several times over). */
const STATEMENT_CACHE_SIZE = 256;

/** scanSql's answers by SQL text (bounded), for the same reason as the statements. */
const scans = new Map<string, SqlScan>();
/** A statement that only reads: no counters to compare before and after it. */
const isPlainSelect = (sql: string) => /^\s*select\b/i.test(sql);

/**
 * Result columns per prepared statement. Kept statements are dropped when the
 * schema changes (takeStatement), so a statement's columns never change.
 */
const columnCache = new WeakMap<Database.Statement, StmtResult["cols"]>();
function columnsOf(prepared: Database.Statement): StmtResult["cols"] {
  let cols = columnCache.get(prepared);
  if (cols === undefined) {
    cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
    columnCache.set(prepared, cols);
  }
  return cols;
}

function scanOf(sql: string): SqlScan {
  let scan = scans.get(sql);
  if (scan === undefined) {
    scan = scanSql(sql);
    if (scans.size >= 1024) scans.clear();
    scans.set(sql, scan);
  }
  return scan;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lock contention that another connection will eventually release. */
function isBusy(e: unknown): boolean {
  const { code, message } = toHranaError(e);
  // COMMIT reports leaked active statements as SQLITE_BUSY too; waiting cannot fix that.
  if (message.includes("statements in progress")) return false;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_RECOVERY";
}

/**
 * One libsql connection owned by one Hrana stream.
 *
 * The binding is synchronous, so SQLite's own busy_timeout would freeze the whole
 * server while the lock holder (another stream) can never get to COMMIT. Instead
 * the connection fails fast and we wait asynchronously between retries; a
 * statement that failed with SQLITE_BUSY had no effect, so re-running it is safe.
 */
export class SqlConn {
  readonly sqls = new Map<number, string>();
  private db!: Db;
  private counters!: Database.Statement;
  private sessionState!: Database.Statement;
  private initialForeignKeys = 0n;
  // A statement refused with SQLITE_BUSY stays "in progress" until it is re-run or
  // garbage-collected, and meanwhile every COMMIT on its connection fails.
  private poisoned = false;
  /**
   * Idle prepared statements by SQL text, least recently used first. Preparing
   * was the endpoint's largest cost, and a Worker sends the same few statements
   * again and again. A statement is taken out while it runs and put back only
   * when it ran without error, so a failed or busy one is never reused.
   */
  private statements = new Map<string, Database.Statement>();
  /** The schema the kept statements were prepared for: a changed one (any connection's DDL) drops them. */
  private statementsSchema = -1n;
  private schemaVersion!: Database.Statement;

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {
    this.open();
  }

  private open(): void {
    this.db = new Database(this.file);
    this.statements = new Map();
    // NORMAL is corruption-safe under WAL and skips an fsync per commit, which
    // otherwise dominates request latency; losing the last commits on power loss
    // is acceptable for a development database.
    this.db.exec("PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL");
    this.counters = this.db.prepare("SELECT changes(), total_changes(), last_insert_rowid()");
    this.counters.safeIntegers(true).raw(true);
    this.sessionState = this.db.prepare("SELECT (SELECT foreign_keys FROM pragma_foreign_keys), (SELECT count(*) FROM sqlite_temp_master)");
    this.sessionState.safeIntegers(true).raw(true);
    this.initialForeignKeys = (this.sessionState.get() as [bigint, bigint])[0];
    this.schemaVersion = this.db.prepare("PRAGMA schema_version");
    this.schemaVersion.safeIntegers(true).raw(true);
  }

  /** Swapping the connection is only invisible to the client outside a transaction. */
  private recycleIfPoisoned(): void {
    if (!this.poisoned || !this.autocommit) return;
    this.db.close();
    this.poisoned = false;
    this.open();
  }

  get autocommit(): boolean {
    return !this.db.inTransaction;
  }

  /**
   * Readies the connection for another stream; false when it cannot be
   * reused. A stream that left a transaction open is rolled back, exactly as
   * closing would, so nothing of it leaks into the next stream.
   */
  reset(): boolean {
    try {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    } catch {
      return false;
    }
    if (this.poisoned || this.db.inTransaction) return false;
    // Session state a stream may have changed (pragmas, temp tables) would
    // surprise the next one, which expects a fresh connection as on sqld.
    const state = this.sessionState.get() as [bigint, bigint];
    if (state[0] !== this.initialForeignKeys || state[1] !== 0n) return false;
    this.sqls.clear();
    return true;
  }

  close(): void {
    try {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    } finally {
      this.db.close();
    }
  }

  resolveSql(sql: string | undefined, sqlId: number | undefined): string {
    if (sql !== undefined && sqlId !== undefined) {
      throw new RequestError("Only one of sql and sql_id may be given", "SQL_ID_AND_SQL");
    }
    if (sqlId !== undefined) {
      const stored = this.sqls.get(sqlId);
      if (stored === undefined) throw new RequestError(`SQL text ${sqlId} not found`, "SQL_NOT_FOUND");
      return stored;
    }
    if (sql === undefined) throw new RequestError("Missing sql or sql_id", "SQL_MISSING");
    return sql;
  }

  private async retryBusy<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    let delay = 2;
    for (;;) {
      try {
        return fn();
      } catch (e) {
        if (!isBusy(e) || Date.now() >= deadline) throw e;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  private readCounters(): { changes: bigint; total: bigint; rowid: bigint } {
    const [changes, total, rowid] = this.counters.get() as [bigint, bigint, bigint];
    return { changes, total, rowid };
  }

  async execute(stmt: StmtReq): Promise<StmtResult> {
    const sql = this.resolveSql(stmt.sql, stmt.sqlId);
    const scan = scanOf(sql);
    if (scan.statements.length === 0) throw new RequestError("SQL string does not contain any statement", "SQL_NO_STATEMENT");
    if (scan.statements.length > 1) throw new RequestError("SQL string contains more than one statement", "SQL_MANY_STATEMENTS");
    const bind = bindArgs(stmt, scan);
    this.recycleIfPoisoned();
    // Retries reuse one prepared statement because re-running it is what resets it.
    let prepared: Database.Statement | undefined;
    try {
      const result = await this.retryBusy(() => {
        prepared ??= this.takeStatement(sql);
        return this.runPrepared(prepared, bind, stmt.wantRows, isPlainSelect(sql));
      });
      this.putStatement(sql, prepared!);
      return result;
    } catch (e) {
      if (prepared !== undefined && /^SQLITE_(BUSY|LOCKED)/.test(toHranaError(e).code)) this.poisoned = true;
      throw e;
    } finally {
      this.recycleIfPoisoned();
    }
  }

  private takeStatement(sql: string): Database.Statement {
    // A kept `SELECT *` would still report the columns of the table it was prepared for.
    const schema = (this.schemaVersion.get() as [bigint])[0];
    if (schema !== this.statementsSchema) {
      this.statements.clear();
      this.statementsSchema = schema;
    }
    const idle = this.statements.get(sql);
    if (idle === undefined) return this.db.prepare(sql);
    this.statements.delete(sql);
    return idle;
  }

  private putStatement(sql: string, statement: Database.Statement): void {
    if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, statement);
  }

  private runPrepared(prepared: Database.Statement, bind: Bind, wantRows: boolean, plainSelect: boolean): StmtResult {
    prepared.safeIntegers(true);
    const cols = columnsOf(prepared);
    let affected: number;
    let rows: StmtResult["rows"] = [];
    let counters: { changes: bigint; total: bigint; rowid: bigint };
    if (prepared.reader) {
      // RETURNING statements are readers too; run() would not report their rows.
      // A plain SELECT changes nothing, so only the others need the counters before.
      const before = plainSelect ? 0n : this.readCounters().total;
      // Always step to the end: a half-read statement would block COMMIT on this connection.
      prepared.raw(true);
      const all = prepared.all(bind) as unknown[][];
      if (wantRows) rows = all.map((row) => row.map(fromSqlValue));
      counters = this.readCounters();
      affected = !plainSelect && counters.total !== before ? Number(counters.changes) : 0;
    } else {
      affected = prepared.run(bind).changes;
      counters = this.readCounters();
    }
    return { cols, rows, affected_row_count: affected, last_insert_rowid: counters.rowid.toString() };
  }

  async batch(steps: BatchStep[]): Promise<BatchResult> {
    const results: (StmtResult | null)[] = [];
    const errors: (HranaError | null)[] = [];
    for (const [i, step] of steps.entries()) {
      let run = true;
      try {
        run = step.condition === undefined || this.evalCond(step.condition, i, results, errors);
      } catch (e) {
        results.push(null);
        errors.push(toHranaError(e));
        continue;
      }
      if (!run) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(await this.execute(step.stmt));
        errors.push(null);
      } catch (e) {
        results.push(null);
        errors.push(toHranaError(e));
      }
    }
    return { step_results: results, step_errors: errors };
  }

  private evalCond(cond: BatchCond, current: number, results: unknown[], errors: unknown[]): boolean {
    switch (cond.type) {
      case "ok":
      case "error":
        if (cond.step < 0 || cond.step >= current) {
          throw new RequestError(`Condition refers to step ${cond.step}, which has not run yet`, "BATCH_COND_INVALID");
        }
        return (cond.type === "ok" ? results : errors)[cond.step] !== null;
      case "not":
        return !this.evalCond(cond.cond, current, results, errors);
      case "and":
        return cond.conds.every((c) => this.evalCond(c, current, results, errors));
      case "or":
        return cond.conds.some((c) => this.evalCond(c, current, results, errors));
      case "is_autocommit":
        return this.autocommit;
    }
  }

  /** Statements run one by one so a busy retry only repeats the statement that was refused. */
  async sequence(sql: string): Promise<void> {
    this.recycleIfPoisoned();
    for (const statement of scanSql(sql).statements) {
      await this.retryBusy(() => this.db.exec(statement));
    }
    this.recycleIfPoisoned();
  }

  describe(sql: string): DescribeResult {
    const scan = scanSql(sql);
    const prepared = this.db.prepare(sql);
    const cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
    const first = scan.statements[0] ?? "";
    const isExplain = /^EXPLAIN\b/i.test(first);
    return {
      params: scan.params,
      cols,
      is_explain: isExplain,
      is_readonly: isExplain || this.isReadonly(first),
    };
  }

  // sqlite3_stmt_readonly() is not exposed; a write shows up in the bytecode as a
  // Transaction opcode with P2 != 0. EXPLAIN of a write leaves a statement active
  // in the libsql binding (blocking COMMIT), so it runs on a throwaway connection;
  // when that cannot see the schema (uncommitted DDL) we fall back to the keyword.
  private isReadonly(sql: string): boolean {
    if (/^(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(sql)) return true;
    const probe = new Database(this.file);
    try {
      const plan = probe.prepare(`EXPLAIN ${sql}`).raw(true).all() as unknown[][];
      return !plan.some((op) => op[1] === "Transaction" && op[3] !== 0);
    } catch {
      return /^(SELECT|VALUES)\b/i.test(sql);
    } finally {
      probe.close();
    }
  }
}

function bindArgs(stmt: StmtReq, scan: SqlScan): Bind {
  const positional = stmt.args.map(toSqlValue);
  if (stmt.namedArgs.length === 0) return positional;
  // The native binding aborts the whole process when an object of named values meets
  // a parameter slot without a name (a bare "?" or a gap left by "?NNN").
  if (scan.params.some((p) => p.name === null)) {
    throw new RequestError("Named arguments need every parameter to be named (no bare ? or ?NNN gaps)", "ARGS_INVALID");
  }
  const named: Record<string, SqlValue> = {};
  positional.forEach((v, i) => (named[String(i + 1)] = v));
  for (const { name, value } of stmt.namedArgs) named[name.replace(/^[:@$]/, "")] = toSqlValue(value);
  return named;
}
