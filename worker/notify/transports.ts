// How outbox messages leave the system. Production SMS goes through SMS.ru's
// HTTP API and email through Resend's; in development a dev transport "sends" by leaving the message
// readable at GET /api/v1/dev/outbox.
import * as v from "valibot";
import { type Env, isDevelopment } from "../env.js";

export interface OutgoingMessage {
  recipient: string;
  subject: string | null;
  body: string;
  /** Extra mail headers (an advertising email's one-click unsubscribe); other channels ignore them. */
  headers?: Record<string, string>;
}

export interface Transport {
  readonly name: string;
  /** Whether the body stays readable after sending (dev only). */
  readonly keepsBody: boolean;
  send(message: OutgoingMessage): Promise<void>;
}

export class TransportError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

const devTransport: Transport = { name: "dev", keepsBody: true, send: async () => {} };

async function post(what: string, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, method: "POST", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (error) {
    throw new TransportError(`${what} unreachable: ${(error as Error).message}`, true);
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => "")).slice(0, 200);
    throw new TransportError(`${what} answered HTTP ${response.status} ${detail}`.trim(), response.status >= 500 || response.status === 429);
  }
  return response;
}

const SmsRuAnswer = v.object({
  status: v.string(),
  status_code: v.number(),
  status_text: v.optional(v.string()),
  sms: v.optional(
    v.record(v.string(), v.object({ status: v.string(), status_code: v.number(), status_text: v.optional(v.string()) })),
  ),
});

const SEND_TIMEOUT_MS = 10_000;

export function smsRuTransport(opts: { apiKey: string; sender?: string; baseUrl?: string }): Transport {
  const endpoint = new URL("/sms/send", opts.baseUrl ?? "https://sms.ru").toString();
  return {
    name: "smsru",
    keepsBody: false,
    async send(message) {
      const to = message.recipient.replace(/^\+/, "");
      const form = new URLSearchParams({ api_id: opts.apiKey, to, msg: message.body, json: "1" });
      if (opts.sender) form.set("from", opts.sender);
      const response = await post("SMS.ru", endpoint, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
      const parsed = v.safeParse(SmsRuAnswer, await response.json().catch(() => null));
      if (!parsed.success) throw new TransportError("SMS.ru answered with an unexpected body", true);
      const answer = parsed.output;
      const perNumber = answer.sms?.[to];
      if (answer.status !== "OK" || (perNumber && perNumber.status !== "OK")) {
        const code = perNumber?.status_code ?? answer.status_code;
        const text = perNumber?.status_text ?? answer.status_text ?? "";
        throw new TransportError(`SMS.ru refused (${code}) ${text}`.trim(), false);
      }
    },
  };
}

/** Resend's POST /emails: JSON body, bearer key, `{id}` back. */
export function resendTransport(opts: { apiKey: string; from: string; baseUrl?: string }): Transport {
  const endpoint = new URL("/emails", opts.baseUrl ?? "https://api.resend.com").toString();
  return {
    name: "resend",
    keepsBody: true,
    async send(message) {
      const response = await post("Resend", endpoint, {
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey}` },
        body: JSON.stringify({
          from: opts.from,
          to: [message.recipient],
          subject: message.subject ?? "",
          text: message.body,
          ...(message.headers ? { headers: message.headers } : {}),
        }),
      });
      const answer = (await response.json().catch(() => null)) as { id?: unknown } | null;
      if (typeof answer?.id !== "string") throw new TransportError("Resend answered without a message id", true);
    },
  };
}

/** The email transport this deployment is configured for, or null if none. */
export function emailTransportFor(env: Env): Transport | null {
  const kind = env.EMAIL_TRANSPORT ?? (isDevelopment(env) ? "dev" : undefined);
  if (kind === "dev" && isDevelopment(env)) return devTransport;
  if (kind === "resend" && env.EMAIL_API_KEY && env.EMAIL_FROM) {
    return resendTransport({ apiKey: env.EMAIL_API_KEY, from: env.EMAIL_FROM, baseUrl: env.EMAIL_BASE_URL });
  }
  return null;
}

/** The SMS transport this deployment is configured for, or null if none. */
export function smsTransportFor(env: Env): Transport | null {
  const kind = env.SMS_TRANSPORT ?? (isDevelopment(env) ? "dev" : undefined);
  if (kind === "dev" && isDevelopment(env)) return devTransport;
  if (kind === "smsru" && env.SMS_API_KEY) {
    return smsRuTransport({ apiKey: env.SMS_API_KEY, sender: env.SMS_SENDER, baseUrl: env.SMS_BASE_URL });
  }
  return null;
}
