// A local push service (RFC 8030) that checks what a real one checks and
// decrypts what only the browser could: it hands out subscriptions (an
// endpoint plus a browser key pair and auth secret it keeps), verifies each
// push's VAPID token (RFC 8292: ES256 over the JWT, `aud` = this origin,
// `exp` within 24 h, `k` = the application server key), decrypts the
// aes128gcm body (RFC 8291) and keeps the plaintext for the tests to read.
// Control: POST /__fake/subscriptions → PushSubscription JSON;
// GET /__fake/messages/{id} → {received, rejected}; POST /__fake/gone/{id} → later pushes get 410.
import { webcrypto } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { StartedFake } from "./registry.js";

const subtle = webcrypto.subtle;
const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const unb64u = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));
const enc = new TextEncoder();

async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, bytes: number): Promise<Uint8Array> {
  const key = await subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, bytes * 8));
}

interface Browser {
  privateKey: webcrypto.CryptoKey;
  publicRaw: Uint8Array;
  auth: Uint8Array;
  gone: boolean;
  received: unknown[];
  rejected: string[];
}

/** The VAPID key pair the Worker is given, as base64url (public: 65-byte point, private: 32-byte scalar). */
export async function newVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = (await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const jwk = await subtle.exportKey("jwk", pair.privateKey);
  return { publicKey: b64u(new Uint8Array(await subtle.exportKey("raw", pair.publicKey))), privateKey: jwk.d! };
}

/** RFC 8291 §3.4, from the receiving side: the plaintext, or why it cannot be read. */
export async function decryptPush(body: Uint8Array, browser: Pick<Browser, "privateKey" | "publicRaw" | "auth">): Promise<string> {
  const salt = body.subarray(0, 16);
  const idLen = body[20]!;
  const asPublic = body.subarray(21, 21 + idLen);
  const sealed = body.subarray(21 + idLen);
  const as = await subtle.importKey("raw", asPublic, { name: "ECDH", namedCurve: "P-256" }, false, []);
  const shared = new Uint8Array(await subtle.deriveBits({ name: "ECDH", public: as }, browser.privateKey, 256));
  const info = new Uint8Array([...enc.encode("WebPush: info\0"), ...browser.publicRaw, ...asPublic]);
  const ikm = await hkdf(browser.auth, shared, info, 32);
  const cek = await hkdf(salt, ikm, enc.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, enc.encode("Content-Encoding: nonce\0"), 12);
  const key = await subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const padded = new Uint8Array(await subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, sealed));
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("last record must end with delimiter 0x02");
  return new TextDecoder().decode(padded.subarray(0, end));
}

/** RFC 8292 §2–3: the reason a VAPID Authorization header is refused, or null. */
async function vapidProblem(header: string | undefined, origin: string, serverKey: string): Promise<string | null> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? "");
  if (!match) return "no vapid Authorization";
  const [, token, k] = match as unknown as [string, string, string];
  if (k !== serverKey) return "k is not the application server key";
  const [head, claims, signature] = token.split(".") as [string, string, string];
  const key = await subtle.importKey("raw", unb64u(k), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const valid = await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, unb64u(signature), enc.encode(`${head}.${claims}`));
  if (!valid) return "bad ES256 signature";
  const h = JSON.parse(Buffer.from(head, "base64url").toString());
  const c = JSON.parse(Buffer.from(claims, "base64url").toString());
  if (h.alg !== "ES256") return "alg is not ES256";
  if (c.aud !== origin) return `aud ${c.aud} is not ${origin}`;
  const now = Date.now() / 1000;
  if (typeof c.exp !== "number" || c.exp <= now || c.exp > now + 24 * 3600) return "exp missing or not within 24 h";
  if (typeof c.sub !== "string" || !/^(mailto:|https:)/.test(c.sub)) return "sub is not a mailto: or https: contact";
  return null;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export async function startFakePushService(vapid?: { publicKey: string; privateKey: string }): Promise<StartedFake & { url: string; vapid: { publicKey: string; privateKey: string } }> {
  const keys = vapid ?? (await newVapidKeys());
  const browsers = new Map<string, Browser>();
  let next = 0;
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? "/", origin).pathname;
      if (req.method === "POST" && path === "/__fake/subscriptions") {
        const pair = (await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as webcrypto.CryptoKeyPair;
        const id = String(++next);
        const browser: Browser = { privateKey: pair.privateKey, publicRaw: new Uint8Array(await subtle.exportKey("raw", pair.publicKey)), auth: webcrypto.getRandomValues(new Uint8Array(16)), gone: false, received: [], rejected: [] };
        browsers.set(id, browser);
        return json(res, 201, { endpoint: `${origin}/push/${id}`, keys: { p256dh: b64u(browser.publicRaw), auth: b64u(browser.auth) } });
      }
      const control = /^\/__fake\/(messages|gone)\/(\d+)$/.exec(path);
      if (control) {
        const browser = browsers.get(control[2]!);
        if (!browser) return json(res, 404, { error: "no such subscription" });
        if (control[1] === "gone") browser.gone = true;
        return json(res, 200, { received: browser.received, rejected: browser.rejected });
      }
      const push = /^\/push\/(\d+)$/.exec(path);
      const browser = push && req.method === "POST" ? browsers.get(push[1]!) : undefined;
      if (!browser) return json(res, 404, { error: "unknown subscription" });
      const body = await readBody(req);
      if (browser.gone) return json(res, 410, { error: "subscription expired" });
      const problem =
        (await vapidProblem(req.headers.authorization, origin, keys.publicKey)) ??
        (req.headers["content-encoding"] !== "aes128gcm" ? "Content-Encoding is not aes128gcm" : null) ??
        (!/^\d+$/.test(String(req.headers.ttl ?? "")) ? "TTL header missing" : null);
      if (problem) {
        browser.rejected.push(problem);
        return json(res, problem.includes("vapid") || problem.includes("signature") ? 401 : 400, { error: problem });
      }
      try {
        browser.received.push(JSON.parse(await decryptPush(body, browser)));
      } catch (error) {
        browser.rejected.push(`cannot decrypt: ${String(error)}`);
        return json(res, 400, { error: "cannot decrypt" });
      }
      res.writeHead(201, { location: `${origin}/messages/${browser.received.length}` }).end();
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    vapid: keys,
    bindings: { PUSH_FAKE_URL: origin, VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: "mailto:tests@salon.example" },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
