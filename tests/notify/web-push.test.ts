// Web Push encryption and VAPID checked against RFC 8291's worked example
// (§5) and against the local push service's independent decryption.
import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { b64urlDecode, b64urlEncode, encryptPayload, vapidAuthorization } from "../../worker/notify/web-push.js";
import { decryptPush, newVapidKeys } from "../fakes/push-service.js";

// RFC 8291 §5: the user agent's keys and the message it receives.
const RFC = {
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  uaPrivate: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
  body: "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
  plaintext: "When I grow up, I want to be a watermelon",
};

async function userAgent(publicKey: string, privateKey: string, auth: string) {
  const pub = b64urlDecode(publicKey);
  const jwk = { kty: "EC", crv: "P-256", d: privateKey, x: b64urlEncode(pub.slice(1, 33)), y: b64urlEncode(pub.slice(33, 65)) };
  return { privateKey: await webcrypto.subtle.importKey("jwk", jwk, { name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]), publicRaw: pub, auth: b64urlDecode(auth) };
}

describe("Web Push payload encryption (RFC 8291)", () => {
  it("reads the RFC's own example message with the same key schedule the worker encrypts with", async () => {
    const ua = await userAgent(RFC.uaPublic, RFC.uaPrivate, RFC.auth);
    expect(await decryptPush(b64urlDecode(RFC.body), ua)).toBe(RFC.plaintext);
  });

  it("encrypts a message only the subscribed browser can read, with a fresh key and salt each time", async () => {
    const pair = (await webcrypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as webcrypto.CryptoKeyPair;
    const publicRaw = new Uint8Array(await webcrypto.subtle.exportKey("raw", pair.publicKey));
    const auth = webcrypto.getRandomValues(new Uint8Array(16));
    const target = { endpoint: "https://push.example/x", p256dh: b64urlEncode(publicRaw), auth: b64urlEncode(auth) };
    const message = new TextEncoder().encode(JSON.stringify({ title: "Освободилось время" }));
    const [one, two] = [await encryptPayload(target, message), await encryptPayload(target, message)];
    expect(one.subarray(16, 21)).toEqual(new Uint8Array([0, 0, 16, 0, 65]));
    expect(b64urlEncode(one.subarray(0, 16))).not.toBe(b64urlEncode(two.subarray(0, 16)));
    expect(await decryptPush(one, { privateKey: pair.privateKey, publicRaw, auth })).toBe('{"title":"Освободилось время"}');
    const stranger = webcrypto.getRandomValues(new Uint8Array(16));
    await expect(decryptPush(one, { privateKey: pair.privateKey, publicRaw, auth: stranger })).rejects.toThrow();
  });
});

describe("VAPID (RFC 8292)", () => {
  it("signs a token for the push service's origin that verifies with the public key it names", async () => {
    const keys = await newVapidKeys();
    const header = await vapidAuthorization("https://push.example:8443/send/abc", { ...keys, subject: "mailto:a@b.example" }, Date.UTC(2026, 0, 1));
    const [, token, k] = /^vapid t=(\S+), k=(\S+)$/.exec(header)!;
    expect(k).toBe(keys.publicKey);
    const [head, claims, signature] = token!.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(head, "base64url").toString())).toEqual({ typ: "JWT", alg: "ES256" });
    expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toEqual({ aud: "https://push.example:8443", exp: Date.UTC(2026, 0, 1) / 1000 + 12 * 3600, sub: "mailto:a@b.example" });
    const key = await webcrypto.subtle.importKey("raw", b64urlDecode(keys.publicKey), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    const signed = new TextEncoder().encode(`${head}.${claims}`);
    expect(await webcrypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, b64urlDecode(signature), signed)).toBe(true);
    expect(await webcrypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, b64urlDecode(signature), new TextEncoder().encode(`${head}.${claims}x`))).toBe(false);
  });
});
