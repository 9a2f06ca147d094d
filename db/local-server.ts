import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "libsql";
import { cursorLines } from "./hrana/cursor.js";
import { parseCursor, parsePipeline, ProtocolError } from "./hrana/protocol.js";
import { StreamError, StreamRegistry } from "./hrana/streams.js";

export interface LocalServerOptions {
  file: string;
  /** 0 picks a random free port. */
  port?: number;
  host?: string;
  authToken?: string;
  idleTimeoutMs?: number;
  /** How long a statement waits for another stream's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Idle SQLite connections kept for reuse by later streams (default 64; 0 disables pooling). */
  poolSize?: number;
  /**
   * Added before answering each pipeline or cursor request: stands in for the
   * network hop from the edge to Turso, so round trips cost what they would there.
   */
  delayMs?: number;
}

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

// The client only parses error bodies whose content-type is exactly "application/json".
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data) });
  res.end(data);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body too large", "PAYLOAD_TOO_LARGE");
    chunks.push(buf);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Request body is not valid JSON", "PROTOCOL_ERROR");
  }
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(req.headers.authorization ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** WAL lets readers proceed while another stream holds the write lock, as on sqld. */
function prepareFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.exec("PRAGMA journal_mode = WAL");
  } finally {
    db.close();
  }
}

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  prepareFile(opts.file);
  const streams = new StreamRegistry({
    file: opts.file,
    idleTimeoutMs: opts.idleTimeoutMs ?? 10_000,
    busyTimeoutMs: opts.busyTimeoutMs ?? 5_000,
    poolSize: opts.poolSize ?? 64,
  });
  const delayMs = opts.delayMs ?? 0;
  const hop = () => (delayMs > 0 ? sleep(delayMs) : undefined);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { status: "ok" });
    if (!authorized(req, opts.authToken)) throw new HttpError(401, "Unauthorized", "UNAUTHORIZED");
    // Version probes: answering /v2 and /v3 but not /v3-protobuf makes clients
    // configured for v3 fall back to JSON.
    if (req.method === "GET" && (path === "/" || path === "/v2" || path === "/v3")) {
      res.writeHead(200, { "content-type": "text/plain" }).end();
      return;
    }
    // Round-trip counts for the budget test and the benchmark (sqld has a similar admin endpoint).
    if (req.method === "GET" && path === "/stats") return sendJson(res, 200, { ...streams.stats });
    if (req.method === "POST" && (path === "/v2/pipeline" || path === "/v3/pipeline")) {
      const body = parsePipeline(await readJson(req));
      await hop();
      return sendJson(res, 200, await streams.pipeline(body));
    }
    if (req.method === "POST" && path === "/v3/cursor") {
      const { baton, steps } = parseCursor(await readJson(req));
      await hop();
      const out = await streams.cursor(baton, steps);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(cursorLines(out.baton, out.result).map((line) => JSON.stringify(line) + "\n").join(""));
      return;
    }
    throw new HttpError(404, `No route for ${req.method ?? "?"} ${path}`, "NOT_FOUND");
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (e instanceof HttpError) return sendJson(res, e.status, { message: e.message, code: e.code });
      if (e instanceof StreamError || e instanceof ProtocolError) {
        return sendJson(res, 400, { message: e.message, code: e.code });
      }
      const message = e instanceof Error ? e.message : String(e);
      sendJson(res, 500, { message, code: "INTERNAL_ERROR" });
    });
  });

  // Node closes an idle keep-alive socket after 5 s; workerd may write its next
  // request onto it at that moment ("Network connection lost", broken pipe) and
  // the query fails. Keep idle sockets open longer than the client's pool does.
  server.keepAliveTimeout = 120_000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        streams.closeAll();
        server.close((err) => (err ? reject(err) : resolve()));
        // fetch keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
