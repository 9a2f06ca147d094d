// A local stand-in for YooKassa API v3, built from its documented JSON:
// POST/GET /payments, POST/GET /refunds, POST /receipts with Basic auth and
// Idempotence-Key (a repeated key answers the first result), error objects,
// and notification bodies. Receipts are checked strictly (yookassa-receipts.ts)
// and refused with YooKassa's error object naming the parameter. Tests in workerd steer it over HTTP: failure rules are scoped to
// one booking id, so test files running side by side do not disturb each other.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { StartedFake } from "./registry.js";
import { checkReceiptFor, checkReceiptRequest, type Invalid } from "./yookassa-receipts.js";

export const FAKE_SHOP_ID = "506751";
export const FAKE_SECRET_KEY = "test_fake_secret_key";

/**
 * unauthorized: 401 as for wrong credentials; http_500: 500; hang: no answer
 * for `hangMs`; tamper_amount: creates the payment with 1.00 more than asked.
 */
export type FakeMode = "unauthorized" | "http_500" | "hang" | "tamper_amount";

interface Rule {
  mode: FakeMode;
  /** How many matching calls the rule applies to; unlimited when absent. */
  times?: number;
  /** Only calls of this kind ("create", "get", "refund", "receipt"); all when absent. */
  on?: CallKind;
}

type CallKind = "create" | "get" | "refund" | "receipt";

interface Amount {
  value: string;
  currency: string;
}

interface FakePayment {
  id: string;
  status: "pending" | "waiting_for_capture" | "succeeded" | "canceled";
  paid: boolean;
  amount: Amount;
  refunded_amount?: Amount;
  confirmation: { type: "redirect"; confirmation_url: string; return_url?: string };
  created_at: string;
  captured_at?: string;
  description?: string;
  metadata: Record<string, string>;
  recipient: { account_id: string; gateway_id: string };
  refundable: boolean;
  test: boolean;
  cancellation_details?: { party: string; reason: string };
  receipt_registration?: "pending" | "succeeded";
}

/** A receipt as POST /receipts answers it (yoomoney/yookassa-sdk-php lib/Request/Receipts/PaymentReceiptResponse.php). */
interface FakeReceipt {
  id: string;
  type: "payment";
  payment_id: string;
  status: "pending" | "succeeded";
  items: unknown[];
  settlements: unknown[];
  tax_system_code?: number;
}

interface FakeRefund {
  id: string;
  payment_id: string;
  status: "pending" | "succeeded" | "canceled";
  amount: Amount;
  created_at: string;
}

export interface FakeYooKassa extends StartedFake {
  url: string;
}

const toMinor = (value: string) => Math.round(Number(value) * 100);
const toValue = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

export async function startFakeYooKassa(opts: { hangMs?: number } = {}): Promise<FakeYooKassa> {
  const hangMs = opts.hangMs ?? 4_000;
  const payments = new Map<string, FakePayment>();
  const refunds = new Map<string, FakeRefund>();
  const receipts = new Map<string, FakeReceipt>();
  /** The receipt each payment and refund was created with, as sent. */
  const sentReceipts = new Map<string, unknown>();
  const answered = new Map<string, { status: number; body: unknown }>();
  const rules = new Map<string, Rule>();
  const calls: { kind: string; booking_id: string | null; key: string | null; at: string; body?: unknown }[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let url = "";

  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const error = (res: ServerResponse, status: number, code: string, description: string, parameter?: string) =>
    send(res, status, { type: "error", id: randomUUID(), code, description, ...(parameter !== undefined ? { parameter } : {}) });
  const invalid = (res: ServerResponse, problem: Invalid) => error(res, 400, "invalid_request", problem.description, problem.parameter);

  /** Applies a booking's rule; true if it answered (or will answer) the call itself. */
  function ruled(res: ServerResponse, bookingId: string | null, kind: CallKind, tamper: { value: boolean }): boolean {
    const rule = bookingId ? rules.get(bookingId) : undefined;
    if (!rule || (rule.on && rule.on !== kind)) return false;
    if (rule.times !== undefined) {
      if (rule.times <= 0) return false;
      rule.times -= 1;
    }
    switch (rule.mode) {
      case "unauthorized":
        error(res, 401, "invalid_credentials", "Authentication by given credentials failed");
        return true;
      case "http_500":
        error(res, 500, "internal_server_error", "Internal server error");
        return true;
      case "hang": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.writableEnded) error(res, 500, "internal_server_error", "late");
        }, hangMs);
        timers.add(timer);
        return true;
      }
      case "tamper_amount":
        tamper.value = true;
        return false;
    }
  }

  function handleApi(req: IncomingMessage, res: ServerResponse, path: string, body: any) {
    const expected = `Basic ${Buffer.from(`${FAKE_SHOP_ID}:${FAKE_SECRET_KEY}`).toString("base64")}`;
    if (req.headers.authorization !== expected) {
      return error(res, 401, "invalid_credentials", "Authentication by given credentials failed");
    }
    const key = (req.headers["idempotence-key"] as string | undefined) ?? null;
    const tamper = { value: false };

    if (req.method === "POST" && path === "/payments") {
      const bookingId = body?.metadata?.booking_id ?? null;
      calls.push({ kind: "create", booking_id: bookingId, key, at: new Date().toISOString(), body });
      if (ruled(res, bookingId, "create", tamper)) return;
      if (!key) return error(res, 400, "invalid_request", "Idempotence-Key header is required");
      const earlier = answered.get(`payments:${key}`);
      if (earlier) return send(res, earlier.status, earlier.body);
      if (!body?.amount?.value || !body?.confirmation?.return_url) return error(res, 400, "invalid_request", "amount and confirmation are required");
      if (body.receipt !== undefined) {
        const problem = checkReceiptFor(body.receipt, toMinor(body.amount.value));
        if (problem) return invalid(res, problem);
      }
      const id = randomUUID();
      const amountMinor = toMinor(body.amount.value) + (tamper.value ? 100 : 0);
      const payment: FakePayment = {
        id,
        status: "pending",
        paid: false,
        amount: { value: toValue(amountMinor), currency: body.amount.currency },
        confirmation: { type: "redirect", confirmation_url: `${url}/checkout?orderId=${id}`, return_url: body.confirmation.return_url },
        created_at: new Date().toISOString(),
        description: body.description,
        metadata: body.metadata ?? {},
        recipient: { account_id: FAKE_SHOP_ID, gateway_id: "2166201" },
        refundable: false,
        test: true,
        ...(body.receipt !== undefined ? { receipt_registration: "pending" as const } : {}),
      };
      payments.set(id, payment);
      if (body.receipt !== undefined) sentReceipts.set(id, body.receipt);
      answered.set(`payments:${key}`, { status: 200, body: payment });
      return send(res, 200, payment);
    }
    const getPayment = /^\/payments\/([^/]+)$/.exec(path);
    if (req.method === "GET" && getPayment) {
      const payment = payments.get(decodeURIComponent(getPayment[1]!));
      calls.push({ kind: "get", booking_id: payment?.metadata.booking_id ?? null, key: null, at: new Date().toISOString() });
      if (ruled(res, payment?.metadata.booking_id ?? null, "get", tamper)) return;
      return payment ? send(res, 200, payment) : error(res, 404, "not_found", "Payment not found");
    }
    if (req.method === "POST" && path === "/refunds") {
      const payment = payments.get(body?.payment_id);
      calls.push({ kind: "refund", booking_id: payment?.metadata.booking_id ?? null, key, at: new Date().toISOString(), body });
      if (ruled(res, payment?.metadata.booking_id ?? null, "refund", tamper)) return;
      if (!key) return error(res, 400, "invalid_request", "Idempotence-Key header is required");
      const earlier = answered.get(`refunds:${key}`);
      if (earlier) return send(res, earlier.status, earlier.body);
      if (!payment || payment.status !== "succeeded") return error(res, 400, "invalid_request", "Payment cannot be refunded");
      const asked = toMinor(body.amount?.value ?? "0");
      const already = toMinor(payment.refunded_amount?.value ?? "0");
      if (asked <= 0 || asked + already > toMinor(payment.amount.value)) return error(res, 400, "invalid_request", "Refund amount is too big");
      if (body.receipt !== undefined) {
        const problem = checkReceiptFor(body.receipt, asked);
        if (problem) return invalid(res, problem);
      }
      const refund: FakeRefund = { id: randomUUID(), payment_id: payment.id, status: "succeeded", amount: body.amount, created_at: new Date().toISOString() };
      refunds.set(refund.id, refund);
      if (body.receipt !== undefined) sentReceipts.set(refund.id, body.receipt);
      payment.refunded_amount = { value: toValue(asked + already), currency: payment.amount.currency };
      answered.set(`refunds:${key}`, { status: 200, body: refund });
      return send(res, 200, refund);
    }
    if (req.method === "POST" && path === "/receipts") {
      const payment = payments.get(body?.payment_id);
      calls.push({ kind: "receipt", booking_id: payment?.metadata.booking_id ?? null, key, at: new Date().toISOString(), body });
      // An abonement's sale has no booking: its rules are scoped as "abonement:<id>".
      const scope = payment?.metadata.booking_id ?? (payment?.metadata.abonement_id ? `abonement:${payment.metadata.abonement_id}` : null);
      if (ruled(res, scope, "receipt", tamper)) return;
      if (!key) return error(res, 400, "invalid_request", "Idempotence-Key header is required");
      const earlier = answered.get(`receipts:${key}`);
      if (earlier) return send(res, earlier.status, earlier.body);
      const problem = checkReceiptRequest(body);
      if (problem) return invalid(res, problem);
      if (!payment || payment.status !== "succeeded") return error(res, 400, "invalid_request", "Payment not found or not succeeded", "payment_id");
      const receipt: FakeReceipt = {
        id: `rt-${randomUUID()}`,
        type: "payment",
        payment_id: payment.id,
        status: "pending",
        items: body.items,
        settlements: body.settlements,
        ...(body.tax_system_code !== undefined ? { tax_system_code: body.tax_system_code } : {}),
      };
      receipts.set(receipt.id, receipt);
      answered.set(`receipts:${key}`, { status: 200, body: receipt });
      return send(res, 200, receipt);
    }
    const getRefund = /^\/refunds\/([^/]+)$/.exec(path);
    if (req.method === "GET" && getRefund) {
      const refund = refunds.get(decodeURIComponent(getRefund[1]!));
      return refund ? send(res, 200, refund) : error(res, 404, "not_found", "Refund not found");
    }
    return error(res, 404, "not_found", `No ${req.method} ${path}`);
  }

  function handleControl(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: any) {
    if (req.method === "POST" && path === "/__fake/rules") {
      const scope = body?.abonement_id !== undefined ? `abonement:${body.abonement_id}` : String(body?.booking_id);
      if (body?.mode === null) rules.delete(scope);
      else rules.set(scope, { mode: body.mode, times: body.times, on: body.on });
      return send(res, 200, { ok: true });
    }
    const decide = /^\/__fake\/payments\/([^/]+)\/(succeed|cancel)$/.exec(path);
    if (req.method === "POST" && decide) {
      const payment = payments.get(decide[1]!);
      if (!payment) return send(res, 404, { error: "no such payment" });
      if (decide[2] === "succeed") {
        Object.assign(payment, { status: "succeeded", paid: true, refundable: true, captured_at: new Date().toISOString() });
      } else {
        Object.assign(payment, { status: "canceled", cancellation_details: { party: "yoo_money", reason: "card_expired" } });
      }
      return send(res, 200, payment);
    }
    if (req.method === "GET" && path === "/__fake/payments") {
      const booking = query.get("booking_id");
      return send(res, 200, { items: [...payments.values()].filter((p) => !booking || p.metadata.booking_id === booking) });
    }
    if (req.method === "GET" && path === "/__fake/refunds") {
      const payment = query.get("payment_id");
      return send(res, 200, { items: [...refunds.values()].filter((r) => !payment || r.payment_id === payment) });
    }
    if (req.method === "GET" && path === "/__fake/receipts") {
      const payment = query.get("payment_id");
      return send(res, 200, { items: [...receipts.values()].filter((r) => !payment || r.payment_id === payment) });
    }
    const sent = /^\/__fake\/sent-receipt\/([^/]+)$/.exec(path);
    if (req.method === "GET" && sent) {
      return send(res, 200, { receipt: sentReceipts.get(sent[1]!) ?? null });
    }
    if (req.method === "GET" && path === "/__fake/calls") {
      const booking = query.get("booking_id");
      return send(res, 200, { items: calls.filter((c) => !booking || c.booking_id === booking) });
    }
    const note = /^\/__fake\/notification\/(payment|refund)\/([^/]+)$/.exec(path);
    if (req.method === "GET" && note) {
      const object = note[1] === "payment" ? payments.get(note[2]!) : refunds.get(note[2]!);
      if (!object) return send(res, 404, { error: "no such object" });
      const event = query.get("event") ?? (note[1] === "payment" ? `payment.${object.status}` : "refund.succeeded");
      return send(res, 200, { type: "notification", event, object });
    }
    return send(res, 404, { error: `no control ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const parsed = new URL(req.url ?? "/", "http://fake");
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        return error(res, 400, "invalid_request", "Body is not JSON");
      }
      if (parsed.pathname.startsWith("/__fake/")) return handleControl(req, res, parsed.pathname, parsed.searchParams, body);
      return handleApi(req, res, parsed.pathname.replace(/^\/v3/, ""), body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    bindings: {
      PAYMENT_PROVIDER: "yookassa",
      YOOKASSA_API_URL: `${url}/v3`,
      YOOKASSA_SHOP_ID: FAKE_SHOP_ID,
      YOOKASSA_SECRET_KEY: FAKE_SECRET_KEY,
      YOOKASSA_TIMEOUT_MS: "1000",
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
