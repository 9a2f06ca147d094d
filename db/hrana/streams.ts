import { randomBytes } from "node:crypto";
import { SqlConn } from "./conn.js";
import type { BatchResult, BatchStep, PipelineReq, PipelineResp, StreamRequest, StreamResponse, StreamResult } from "./protocol.js";
import { RequestError, toHranaError } from "./values.js";

export interface StreamOptions {
  file: string;
  idleTimeoutMs: number;
  busyTimeoutMs: number;
  /** Idle connections kept for the next stream; 0 opens one per stream. */
  poolSize: number;
}

/** What the endpoint has served, for GET /stats: HTTP requests and SQL statements. */
export interface ServedStats {
  requests: number;
  statements: number;
}

/** The whole HTTP request is refused (unknown baton); sqld answers these with HTTP 400. */
export class StreamError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

class HranaStream {
  closed = false;
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly conn: SqlConn,
    private readonly idleTimeoutMs: number,
    private readonly onIdle: (stream: HranaStream) => void,
    private readonly onClose: (conn: SqlConn) => void,
  ) {}

  /** Requests on one stream share one connection, so they must never interleave. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      clearTimeout(this.timer);
      try {
        return await fn();
      } finally {
        if (!this.closed) this.armIdleTimer();
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  armIdleTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onIdle(this), this.idleTimeoutMs);
    this.timer.unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.onClose(this.conn);
  }
}

export class StreamRegistry {
  private readonly byBaton = new Map<string, HranaStream>();
  private readonly open = new Set<HranaStream>();
  /**
   * Connections of closed streams, ready for the next one: opening a libsql
   * connection costs more than most statements the Worker sends.
   */
  private readonly idle: SqlConn[] = [];
  readonly stats: ServedStats = { requests: 0, statements: 0 };

  constructor(private readonly opts: StreamOptions) {}

  private takeConn(): SqlConn {
    return this.idle.pop() ?? new SqlConn(this.opts.file, this.opts.busyTimeoutMs);
  }

  /** Only a clean connection goes back: no open transaction, no stored SQL, nothing poisoned. */
  private returnConn(conn: SqlConn): void {
    if (this.idle.length < this.opts.poolSize && conn.reset()) this.idle.push(conn);
    else conn.close();
  }

  get size(): number {
    return this.open.size;
  }

  /**
   * A baton is single-use: it is consumed on arrival and a fresh one is issued with
   * the response, so a replayed or guessed baton never reaches a connection.
   */
  private acquire(baton: string | null): HranaStream {
    if (baton === null) {
      const stream = new HranaStream(
        this.takeConn(),
        this.opts.idleTimeoutMs,
        (s) => this.closeStream(s),
        (conn) => this.returnConn(conn),
      );
      this.open.add(stream);
      return stream;
    }
    const stream = this.byBaton.get(baton);
    if (stream === undefined) {
      throw new StreamError("The stream has expired or the baton is invalid", "STREAM_EXPIRED");
    }
    this.byBaton.delete(baton);
    return stream;
  }

  private issueBaton(stream: HranaStream): string | null {
    if (stream.closed) return null;
    const baton = randomBytes(24).toString("base64url");
    this.byBaton.set(baton, stream);
    return baton;
  }

  private closeStream(stream: HranaStream): void {
    for (const [baton, s] of this.byBaton) if (s === stream) this.byBaton.delete(baton);
    this.open.delete(stream);
    stream.close();
  }

  async pipeline(req: PipelineReq): Promise<PipelineResp> {
    this.stats.requests += 1;
    const stream = this.acquire(req.baton);
    return stream.run(async () => {
      const results: StreamResult[] = [];
      for (const request of req.requests) {
        try {
          results.push({ type: "ok", response: await this.handle(stream, request) });
        } catch (e) {
          results.push({ type: "error", error: toHranaError(e) });
        }
      }
      return { baton: this.issueBaton(stream), base_url: null, results };
    });
  }

  async cursor(baton: string | null, steps: BatchStep[]): Promise<{ baton: string | null; result: BatchResult }> {
    this.stats.requests += 1;
    this.stats.statements += steps.length;
    const stream = this.acquire(baton);
    return stream.run(async () => {
      const result = await stream.conn.batch(steps);
      return { baton: this.issueBaton(stream), result };
    });
  }

  private async handle(stream: HranaStream, req: StreamRequest): Promise<StreamResponse> {
    if (stream.closed) throw new RequestError("The stream is closed", "STREAM_CLOSED");
    const conn = stream.conn;
    switch (req.type) {
      case "close":
        this.closeStream(stream);
        return { type: "close" };
      case "execute":
        this.stats.statements += 1;
        return { type: "execute", result: await conn.execute(req.stmt) };
      case "batch":
        this.stats.statements += req.steps.length;
        return { type: "batch", result: await conn.batch(req.steps) };
      case "sequence":
        this.stats.statements += 1;
        await conn.sequence(conn.resolveSql(req.sql, req.sqlId));
        return { type: "sequence" };
      case "describe":
        return { type: "describe", result: conn.describe(conn.resolveSql(req.sql, req.sqlId)) };
      case "store_sql":
        if (conn.sqls.has(req.sqlId)) throw new RequestError(`SQL text ${req.sqlId} already exists`, "SQL_STORE_CONFLICT");
        conn.sqls.set(req.sqlId, req.sql);
        return { type: "store_sql" };
      case "close_sql":
        conn.sqls.delete(req.sqlId);
        return { type: "close_sql" };
      case "get_autocommit":
        return { type: "get_autocommit", is_autocommit: conn.autocommit };
    }
  }

  closeAll(): void {
    for (const stream of [...this.open]) this.closeStream(stream);
    for (const conn of this.idle.splice(0)) conn.close();
  }
}
