// A local stand-in for the YClients REST API, built from the documented
// payload shapes in the team's fixtures: company, services and staff lists,
// records with paging and date filter, book_times, the {success,data,meta}
// envelope and its errors. Tests (in workerd) steer it over HTTP:
//   PUT  /__fake/records/{id}      upsert one record (body: the record)
//   DELETE /__fake/records/{id}    forget a record
//   PUT  /__fake/book_times        {staff_id, date, times: [...]}
//   PUT  /__fake/catalog           {services?, staff?}
//   POST /__fake/mode              {path, match?: "prefix"|"exact", mode, times?, retry_after?, delay_ms?}
//   GET  /__fake/requests?path=    calls seen (path prefix), DELETE to clear
// Failure rules are scoped to a path so that test files running side by side
// do not disturb each other.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { StartedFake } from "./registry.js";

export const FAKE_COMPANY_ID = 235564;
export const FAKE_PARTNER_TOKEN = "fake-partner-token";
export const FAKE_USER_TOKEN = "fake-user-token";
export const FAKE_WEBHOOK_SECRET = "fake-webhook-secret-0f3a9c";

export type Mode = "ok" | "http_500" | "http_429" | "unauthorized" | "slow" | "garbage";

interface Rule {
  path: string;
  match: "prefix" | "exact";
  mode: Mode;
  times?: number;
  retryAfter?: string;
  delayMs?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  authorization: string | null;
  accept: string | null;
  at: number;
}

type Json = Record<string, any>;

const services: Json[] = [
  { id: 5147108, title: "Стрижка женская", category_id: 301, price_min: 2500, price_max: 3500, duration: 3600, active: 1, staff: [{ id: 1901, seance_length: 3600 }, { id: 1902, seance_length: 3600 }] },
  { id: 5147109, title: "Окрашивание", category_id: 301, price_min: 5000, price_max: 9000, duration: 7200, active: 1, staff: [{ id: 1901, seance_length: 7200 }] },
];
const staff: Json[] = [
  { id: 1901, name: "Анна", specialization: "Парикмахер", avatar: "https://example.com/a.jpg", bookable: true, fired: 0, hidden: 0 },
  { id: 1902, name: "Мария", specialization: "Стилист", avatar: "https://example.com/m.jpg", bookable: true, fired: 0, hidden: 0 },
];

export interface FakeYClients extends StartedFake {
  url: string;
  state: { records: Map<number, Json>; bookTimes: Map<string, Json[]>; services: Json[]; staff: Json[]; rules: Rule[]; seen: SeenRequest[] };
}

const ok = (data: unknown, meta: unknown = []) => ({ success: true, data, meta });
const fail = (message: string) => ({ success: false, data: null, meta: { message } });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => resolve(raw));
  });
}

function paged(items: Json[], q: URLSearchParams, res: (status: number, body: unknown) => void) {
  const page = Number(q.get("page") ?? 1);
  const count = Number(q.get("count") ?? 50);
  if (!(page >= 1) || !(count >= 1) || count > 200) return res(422, fail("count must be between 1 and 200"));
  res(200, ok(items.slice((page - 1) * count, page * count), { page, total_count: items.length }));
}

export async function startFakeYClients(): Promise<FakeYClients> {
  const state = { records: new Map<number, Json>(), bookTimes: new Map<string, Json[]>(), services: structuredClone(services), staff: structuredClone(staff), rules: [] as Rule[], seen: [] as SeenRequest[] };
  const sockets = new Set<Socket>();

  const control = async (req: IncomingMessage, url: URL, send: (status: number, body: unknown) => void) => {
    const body = req.method === "GET" || req.method === "DELETE" ? null : JSON.parse((await readBody(req)) || "null");
    const record = /^\/__fake\/records\/(\d+)$/.exec(url.pathname);
    if (record && req.method === "PUT") {
      state.records.set(Number(record[1]), body);
      return send(200, { ok: true });
    }
    if (record && req.method === "DELETE") {
      state.records.delete(Number(record[1]));
      return send(200, { ok: true });
    }
    if (url.pathname === "/__fake/book_times" && req.method === "PUT") {
      state.bookTimes.set(`${body.staff_id}/${body.date}`, body.times);
      return send(200, { ok: true });
    }
    if (url.pathname === "/__fake/catalog" && req.method === "PUT") {
      if (body.services) state.services = body.services;
      if (body.staff) state.staff = body.staff;
      return send(200, { ok: true });
    }
    if (url.pathname === "/__fake/mode" && req.method === "POST") {
      const match = body.match === "exact" ? "exact" : "prefix";
      state.rules = state.rules.filter((r) => !(r.path === body.path && r.match === match));
      if (body.mode !== "ok") {
        state.rules.push({ path: body.path, match, mode: body.mode, times: body.times, retryAfter: body.retry_after === undefined ? undefined : String(body.retry_after), delayMs: body.delay_ms });
      }
      return send(200, { ok: true });
    }
    if (url.pathname === "/__fake/requests") {
      const prefix = url.searchParams.get("path") ?? "";
      if (req.method === "DELETE") {
        state.seen = state.seen.filter((s) => !s.path.startsWith(prefix));
        return send(200, { ok: true });
      }
      return send(200, { requests: state.seen.filter((s) => s.path.startsWith(prefix)) });
    }
    send(404, { error: "unknown control endpoint" });
  };

  const api = (req: IncomingMessage, url: URL, send: (status: number, body: unknown) => void) => {
    const path = url.pathname;
    const q = url.searchParams;
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith(`Bearer ${FAKE_PARTNER_TOKEN}`)) return send(401, fail("Необходима авторизация"));
    const needsUser = path.startsWith("/records/") || path.includes("/staff") || path.includes("/services");
    if (needsUser && !auth.includes(`User ${FAKE_USER_TOKEN}`)) return send(401, fail("Необходима авторизация пользователя"));
    const company = new RegExp(`^/company/${FAKE_COMPANY_ID}(/services|/staff)?/?$`).exec(path);
    if (company) {
      if (company[1] === "/services") return paged(state.services, q, send);
      if (company[1] === "/staff") return paged(state.staff, q, send);
      return send(200, ok({ id: FAKE_COMPANY_ID, title: "Салон «Лотос»", timezone: 3 }));
    }
    if (path === `/records/${FAKE_COMPANY_ID}`) {
      const from = q.get("start_date") ?? "0000-00-00";
      const to = q.get("end_date") ?? "9999-99-99";
      const inWindow = [...state.records.values()]
        .filter((r) => String(r.date).slice(0, 10) >= from && String(r.date).slice(0, 10) <= to)
        .sort((a, b) => a.id - b.id);
      return paged(inWindow, q, send);
    }
    const times = new RegExp(`^/book_times/${FAKE_COMPANY_ID}/(\\d+)/(\\d{4}-\\d{2}-\\d{2})$`).exec(path);
    if (times) return send(200, ok(state.bookTimes.get(`${times[1]}/${times[2]}`) ?? []));
    send(404, fail("Ресурс не найден"));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    if (url.pathname.startsWith("/__fake/")) return control(req, url, send);
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    state.seen.push({ method: req.method ?? "GET", path: url.pathname, query, authorization: req.headers.authorization ?? null, accept: req.headers.accept ?? null, at: Date.now() });
    const rule = state.rules.find((r) => (r.match === "exact" ? url.pathname === r.path : url.pathname.startsWith(r.path)));
    if (rule) {
      if (rule.times !== undefined && --rule.times <= 0) state.rules = state.rules.filter((r) => r !== rule);
      switch (rule.mode) {
        case "http_500":
          return send(500, fail("Внутренняя ошибка сервера"));
        case "http_429":
          return send(429, fail("Слишком много запросов"), rule.retryAfter === undefined ? {} : { "retry-after": rule.retryAfter });
        case "unauthorized":
          return send(401, fail("Необходима авторизация"));
        case "garbage":
          return res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
        case "slow":
          await new Promise((r) => setTimeout(r, rule.delayMs ?? 5000));
          break;
      }
    }
    api(req, url, send);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    state,
    bindings: {
      YCLIENTS_ENABLED: "true",
      YCLIENTS_BASE_URL: url,
      YCLIENTS_COMPANY_ID: String(FAKE_COMPANY_ID),
      YCLIENTS_API_TOKEN: FAKE_PARTNER_TOKEN,
      YCLIENTS_USER_TOKEN: FAKE_USER_TOKEN,
      YCLIENTS_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
      YCLIENTS_FORM_ID: "777001",
      YCLIENTS_TIMEOUT_MS: "1000",
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
