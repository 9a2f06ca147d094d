// A local stand-in for the YClients REST API, built from the documented
// payload shapes (tests/yclients/fixtures, from the official docs): the
// {success,data,meta} envelope with meta [] or {total_count}, errors with and
// without `success`, 204 on DELETE /record, numbers as strings in the catalog,
// `+0300` change stamps and phones as numbers in records. Tests (in workerd or
// Node) steer it over HTTP:
//   PUT  /__fake/records/{id}      upsert one record (body: the record)
//   DELETE /__fake/records/{id}    forget a record (as if it never existed)
//   PUT  /__fake/book_times        {staff_id, date, times: [...]}
//   PUT  /__fake/catalog           {services?, staff?}
//   PUT  /__fake/page_cap          {cap, overcount?, scope?}: serve at most `cap` items a page, whatever
//                                  was asked; claim `overcount` more records in total_count than exist
//   POST /__fake/mode              {path, match?: "prefix"|"exact", mode, times?, retry_after?, delay_ms?}
//                                  (mode: http_500, http_429, http_422, unauthorized, slow: answer after delay_ms, garbage, down)
//   GET  /__fake/requests?path=    calls seen (path prefix), DELETE to clear
// Failure rules are scoped to a path so that test files running side by side
// do not disturb each other. A file whose failures reach shared paths (the
// company probe, the record list) points the Worker at its own scope,
// `{url}/scope/{name}`: the same API and records under that prefix, with the
// scope's own rules (set on the prefixed path), page cap and request log.
// As the development sandbox (scripts/yclients-sandbox.ts) it also serves a
// minimal booking form and sends webhooks.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { bookingForm, formSubmit, sandboxPage } from "./yclients-form.js";
import { moscowStamp, msOf, openTimesOf, recordMaker } from "./yclients-records.js";
import type { StartedFake } from "./registry.js";

export const FAKE_COMPANY_ID = 235564;
export const FAKE_PARTNER_TOKEN = "fake-partner-token";
export const FAKE_USER_TOKEN = "fake-user-token";
export const FAKE_WEBHOOK_SECRET = "fake-webhook-secret-0f3a9c";
export const FAKE_FORM_ID = "777001";

export type Mode = "ok" | "http_500" | "http_429" | "http_422" | "unauthorized" | "slow" | "garbage" | "down";

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

export type Json = Record<string, any>;

// As GET /company/{id}/services answers in YClients' own sample: numbers as strings.
const services: Json[] = [
  { id: "5147108", title: "Стрижка женская", category_id: "301", price_min: "2500.00", price_max: "3500.00", duration: "3600", service_type: 1, active: "1", staff: [{ id: "1901", seance_length: "3600" }, { id: "1902", seance_length: "3600" }], image_group: [] },
  { id: "5147109", title: "Окрашивание", category_id: "301", price_min: "5000.00", price_max: "9000.00", duration: "7200", service_type: 1, active: "1", staff: [{ id: "1901", seance_length: "7200" }] },
];
const staff: Json[] = [
  { id: 1901, api_id: null, name: "Анна", specialization: "Парикмахер", position: { id: 1, title: "Мастер" }, avatar: "https://example.com/a.jpg", fired: 0, status: 0, hidden: 0 },
  { id: "1902", api_id: "42", name: "Мария", specialization: "Стилист", position: [], avatar: "https://example.com/m.jpg", fired: "0", status: "0", hidden: "0" },
];

export interface FakeState {
  records: Map<number, Json>;
  hashes: Map<number, string>;
  bookTimes: Map<string, Json[]>;
  services: Json[];
  staff: Json[];
  rules: Rule[];
  seen: SeenRequest[];
  /** Page caps by scope prefix ("" unscoped). */
  pageCaps: Map<string, { cap: number; overcount: number }>;
}

export interface FakeOptions {
  port?: number;
  /** Where to send record webhooks after changes made through the API or the form (the sandbox). */
  webhookUrl?: string;
  /** Offer hourly free times 10:00–18:00 wherever no book_times were set (the sandbox). */
  openTimes?: boolean;
}

export interface FakeYClients extends StartedFake {
  url: string;
  state: FakeState;
  /** Where record webhooks go from now on (the Worker's port may be known only later). */
  setWebhookUrl(url: string): void;
  /** Called on POST /__fake/stop (the sandbox page's "stop" button). */
  onStop(handler: () => void): void;
}

/** A test file's own prefix (see the top of this file); the API behind it is the same. */
const SCOPE = /^\/scope\/[A-Za-z0-9_-]+(?=\/)/;

const ok = (data: unknown, meta: unknown = []) => ({ success: true, data, meta });
const fail = (message: string) => ({ success: false, data: null, meta: { message } });
/** The other documented error shape (GET /company 401/404): no `success`. */
const failErrors = (code: number, message: string) => ({ errors: { code, message }, meta: { message } });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => resolve(raw));
  });
}

function paged(items: Json[], q: URLSearchParams, cap: number, res: (status: number, body: unknown) => void, overcount = 0) {
  const page = Number(q.get("page") ?? 1);
  const asked = Number(q.get("count") ?? 50);
  if (!(page >= 1) || !(asked >= 1)) return res(422, fail("page and count must be positive"));
  const count = Math.min(asked, cap);
  res(200, ok(items.slice((page - 1) * count, page * count), { page, total_count: items.length + overcount }));
}

export async function startFakeYClients(options: FakeOptions = {}): Promise<FakeYClients> {
  const state: FakeState = {
    records: new Map(),
    hashes: new Map(),
    bookTimes: new Map(),
    services: structuredClone(services),
    staff: structuredClone(staff),
    rules: [],
    seen: [],
    pageCaps: new Map(),
  };
  const capOf = (scope: string) => state.pageCaps.get(scope) ?? { cap: 200, overcount: 0 };
  const sockets = new Set<Socket>();
  let stopHandler: (() => void) | null = null;

  /** Tells the Worker about a change, as YClients' record webhook does. */
  const notify = async (status: "create" | "update" | "delete", record: Json) => {
    if (!options.webhookUrl) return;
    const body = { company_id: FAKE_COMPANY_ID, resource: "record", resource_id: record.id, status, data: record };
    await fetch(options.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch((error) => {
      console.error(`YClients sandbox: webhook to ${options.webhookUrl} failed: ${String(error)}`);
    });
  };

  const { createRecord, touch } = recordMaker(state);

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL, send: (status: number, body: unknown) => void) => {
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
    if (url.pathname === "/__fake/page_cap" && req.method === "PUT") {
      state.pageCaps.set(typeof body.scope === "string" ? `/scope/${body.scope}` : "", {
        cap: Number(body.cap) > 0 ? Number(body.cap) : 200,
        overcount: Number(body.overcount) > 0 ? Number(body.overcount) : 0,
      });
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
    if (url.pathname === "/__fake/" && req.method === "GET") return sandboxPage(res, state);
    if (url.pathname === "/__fake/stop" && req.method === "POST") {
      send(200, { ok: true, stopping: stopHandler !== null });
      stopHandler?.();
      return;
    }
    if (url.pathname === "/__fake/outage" && req.method === "POST") {
      // The whole service goes dark (API and form), as in a real outage; this page stays.
      state.rules = state.rules.filter((r) => !(r.path === "/" && r.match === "prefix"));
      if (body?.on !== false) state.rules.push({ path: "/", match: "prefix", mode: "down" });
      return send(200, { ok: true, outage: body?.on !== false });
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

  const api = async (req: IncomingMessage, url: URL, scope: string, send: (status: number, body: unknown, headers?: Record<string, string>) => void) => {
    const { cap, overcount } = capOf(scope);
    const path = url.pathname;
    const q = url.searchParams;
    const method = req.method ?? "GET";
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith(`Bearer ${FAKE_PARTNER_TOKEN}`)) return send(401, fail("Необходима авторизация"));
    const needsUser = path.startsWith("/records/") || path.startsWith("/record/") || path.includes("/staff") || path.includes("/services");
    if (needsUser && !auth.includes(`User ${FAKE_USER_TOKEN}`)) return send(401, fail("Необходима авторизация пользователя"));
    const company = new RegExp(`^/company/${FAKE_COMPANY_ID}(/services|/staff)?/?$`).exec(path);
    if (company) {
      if (company[1] === "/services") return paged(state.services, q, cap, send);
      if (company[1] === "/staff") return paged(state.staff, q, cap, send);
      const bookforms = q.get("showBookforms") === "1" ? { bookforms: [{ id: Number(FAKE_FORM_ID), title: "Онлайн-запись", url: `https://n${FAKE_FORM_ID}.yclients.com`, is_default: 1 }] } : {};
      return send(200, ok({ id: FAKE_COMPANY_ID, title: "Салон «Лотос»", timezone_name: "Europe/Moscow", ...bookforms }));
    }
    if (new RegExp(`^/company/\\d+/?$`).test(path)) return send(404, failErrors(404, "Не найдено"));
    if (path === `/records/${FAKE_COMPANY_ID}`) {
      const from = q.get("start_date") ?? "0000-00-00";
      const to = q.get("end_date") ?? "9999-99-99";
      const withDeleted = q.get("with_deleted") === "1";
      const changedAfter = q.get("changed_after");
      const list = [...state.records.values()]
        .filter((r) => String(r.date).slice(0, 10) >= from && String(r.date).slice(0, 10) <= to)
        .filter((r) => withDeleted || !r.deleted)
        .filter((r) => !changedAfter || msOf(r.last_change_date) > msOf(changedAfter))
        .sort((a, b) => Number(a.id) - Number(b.id));
      return paged(list, q, cap, send, overcount);
    }
    const one = new RegExp(`^/record/${FAKE_COMPANY_ID}/(\\d+)$`).exec(path);
    if (one) {
      const found = state.records.get(Number(one[1]));
      if (!found) return send(404, failErrors(404, "Запись не найдена"));
      if (method === "DELETE") {
        void notify("delete", touch(found, { deleted: true }));
        return send(204, null);
      }
      return send(200, ok(found));
    }
    const byHash = /^\/user\/records\/(\d+)\/([^/]+)$/.exec(path);
    if (byHash && method === "DELETE") {
      const found = state.records.get(Number(byHash[1]));
      if (!found || state.hashes.get(Number(byHash[1])) !== decodeURIComponent(byHash[2]!)) return send(404, fail("Запись не найдена"));
      void notify("delete", touch(found, { deleted: true }));
      return send(200, ok(null));
    }
    const move = new RegExp(`^/book_record/${FAKE_COMPANY_ID}/(\\d+)$`).exec(path);
    if (move && method === "PUT") {
      const found = state.records.get(Number(move[1]));
      if (!found || found.deleted) return send(404, fail("Запись не найдена"));
      const body = JSON.parse((await readBody(req)) || "{}");
      const start = msOf(body.datetime);
      if (Number.isNaN(start)) return send(422, fail("Неверная дата"));
      const wall = moscowStamp(start).slice(0, 19);
      void notify("update", touch(found, { date: wall.replace("T", " "), datetime: `${wall}+03:00` }));
      return send(200, ok(state.records.get(Number(move[1]))));
    }
    if (path === `/book_record/${FAKE_COMPANY_ID}` && method === "POST") {
      const body = JSON.parse((await readBody(req)) || "{}");
      const appointment = body.appointments?.[0];
      if (!body.fullname) return send(422, fail("Не указано имя"));
      if (!appointment) return send(422, fail("Нет записи"));
      const { record, hash } = createRecord({ staffId: Number(appointment.staff_id), serviceId: Number(appointment.services?.[0]), datetime: String(appointment.datetime), name: body.fullname, phone: String(body.phone ?? ""), email: body.email ?? "" });
      void notify("create", record);
      return send(201, ok([{ id: appointment.id ?? 1, record_id: record.id, record_hash: hash }]));
    }
    const times = new RegExp(`^/book_times/${FAKE_COMPANY_ID}/(\\d+)/(\\d{4}-\\d{2}-\\d{2})$`).exec(path);
    if (times) {
      const set = state.bookTimes.get(`${times[1]}/${times[2]}`);
      return send(200, ok(set ?? (options.openTimes ? openTimesOf(state, Number(times[1]), times[2]!) : [])));
    }
    send(404, fail("Ресурс не найден"));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      if (status === 204) return res.writeHead(204, headers).end();
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    if (url.pathname.startsWith("/__fake/")) return control(req, res, url, send);
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    state.seen.push({ method: req.method ?? "GET", path: url.pathname, query, authorization: req.headers.authorization ?? null, accept: req.headers.accept ?? null, at: Date.now() });
    const rule = state.rules.find((r) => (r.match === "exact" ? url.pathname === r.path : url.pathname.startsWith(r.path)));
    const scope = SCOPE.exec(url.pathname)?.[0] ?? "";
    if (scope) url.pathname = url.pathname.slice(scope.length);
    if (rule) {
      if (rule.times !== undefined && --rule.times <= 0) state.rules = state.rules.filter((r) => r !== rule);
      switch (rule.mode) {
        case "http_500":
          return send(500, fail("Внутренняя ошибка сервера"));
        case "http_429":
          return send(429, fail("Слишком много запросов"), rule.retryAfter === undefined ? {} : { "retry-after": rule.retryAfter });
        case "http_422":
          // A refusal for good, e.g. deleting a record whose visit is already paid.
          return send(422, fail("Нельзя удалить запись с оплаченным визитом"));
        case "unauthorized":
          return send(401, fail("Необходима авторизация"));
        case "garbage":
          return res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
        case "down":
          return res.destroy();
        case "slow":
          await new Promise((r) => setTimeout(r, rule.delayMs ?? 5000));
          break;
      }
    }
    // The customer's booking form (the sandbox's stand-in for n{form}.yclients.com).
    if (url.pathname === "/" || /^\/company\/\d+\/personal\//.test(url.pathname)) {
      if (req.method === "POST") return formSubmit(req, res, url, { state, createRecord, notify, readBody });
      return bookingForm(res, url, state);
    }
    await api(req, url, scope, send);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
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
      YCLIENTS_FORM_ID: FAKE_FORM_ID,
      YCLIENTS_TIMEOUT_MS: "1000",
      // Tests switch failures on and off between requests: no cached reachability.
      YCLIENTS_PROBE_TTL_MS: "0",
      YCLIENTS_TIMES_TTL_MS: "0",
    },
    setWebhookUrl: (next: string) => {
      options.webhookUrl = next;
    },
    onStop: (handler: () => void) => {
      stopHandler = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type CreateRecord = ReturnType<typeof recordMaker>["createRecord"];
export type Notify = (status: "create" | "update" | "delete", record: Json) => Promise<void>;
export type { ServerResponse };
