// `npm run cron`: runs the Worker's cron jobs now against the local stack
// (`npm start`), through POST /api/v1/admin/cron/run. wrangler's own
// /cdn-cgi/handler/scheduled answers 500 here because the Worker serves
// static assets. Signs in as the demo admin with the development sign-in
// code (/api/v1/dev/outbox) and keeps the session in data/dev-admin-token.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const base = process.env.WORKER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const phone = process.env.CRON_ADMIN_PHONE ?? "+79990000001";
const tokenFile = "data/dev-admin-token";

async function json(method, path, body, token) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function signIn() {
  const requested = await json("POST", "/auth/otp/request", { phone });
  if (requested.status !== 202) throw new Error(`sign-in code request: ${requested.status} ${JSON.stringify(requested.body)}`);
  const outbox = await json("GET", `/dev/outbox?phone=${encodeURIComponent(phone)}`);
  const message = outbox.body?.messages?.find((m) => m.kind === "otp");
  const code = /\d{6}/.exec(message?.body ?? "")?.[0];
  if (!code) throw new Error("no sign-in code in the development outbox (is this `npm start`?)");
  const verified = await json("POST", "/auth/otp/verify", { phone, code });
  if (verified.status !== 200) throw new Error(`sign-in: ${verified.status} ${JSON.stringify(verified.body)}`);
  mkdirSync("data", { recursive: true });
  writeFileSync(tokenFile, verified.body.token, { mode: 0o600 });
  return verified.body.token;
}

try {
  let token = existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : await signIn();
  let ran = await json("POST", "/admin/cron/run", undefined, token);
  if (ran.status === 401 || ran.status === 403) {
    token = await signIn();
    ran = await json("POST", "/admin/cron/run", undefined, token);
  }
  if (ran.status !== 200) throw new Error(`cron: ${ran.status} ${JSON.stringify(ran.body)}`);
  console.log(JSON.stringify(ran.body, null, 2));
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
}
