// A VAPID key pair for Web Push (P-256, base64url: the public key as the
// 65-byte point the PWA subscribes with, the private key as the 32-byte
// scalar). `npm run vapid:keys` prints one for `wrangler secret put`;
// `npm start` keeps a development pair in data/dev-vapid.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { fileURLToPath } from "node:url";

export async function newVapidKeys() {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const publicKey = Buffer.from(await webcrypto.subtle.exportKey("raw", pair.publicKey)).toString("base64url");
  const { d } = await webcrypto.subtle.exportKey("jwk", pair.privateKey);
  return { publicKey, privateKey: d };
}

/** The checkout's development pair, made on first use (like the dev JWT secret). */
export async function devVapidKeys(file = "data/dev-vapid.json") {
  if (!existsSync(file)) {
    mkdirSync("data", { recursive: true });
    writeFileSync(file, JSON.stringify(await newVapidKeys()), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keys = await newVapidKeys();
  console.log(`VAPID_PUBLIC_KEY=${keys.publicKey}\nVAPID_PRIVATE_KEY=${keys.privateKey}`);
}
