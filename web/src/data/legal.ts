// consent: the legal texts, agreeing to a new version, the personal-data
// export, and forgetting the account's data on this device.
import * as v from "valibot";
import { ConsentStatus } from "../../../worker/contracts/auth";
import { LegalDocument, type LegalKind } from "../../../worker/contracts/legal";
import { API_BASE, ApiRequestError, getJson, sendJson } from "./api";
import { downloadBlob } from "./download";
import { db } from "./db";
import { authHeader } from "./token";

export async function getLegal(kind: LegalKind) {
  const res = await getJson(`/legal/${kind}`, LegalDocument);
  if (res.status === 304) throw new ApiRequestError("invalid_response", "unexpected 304", 304);
  return res.data;
}

export async function giveConsent(version: number) {
  return (await sendJson("POST", "/me/consent", v.object({ consent: ConsentStatus }), { version }, true)).consent;
}

/** The version a 422 consent_required names, else null. */
export function consentVersionOf(err: unknown): number | null {
  if (!(err instanceof ApiRequestError) || err.code !== "consent_required") return null;
  const version = (err.details as { version?: unknown } | undefined)?.version;
  return typeof version === "number" && Number.isInteger(version) ? version : null;
}

/** Downloads a JSON export (`path` under the API) as a file, named as the server says. */
export async function downloadExport(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(`${API_BASE}${path}`, { headers: { Accept: "application/json", ...authHeader() } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiRequestError(body?.error?.code ?? "network", body?.error?.message ?? res.statusText, res.status);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  downloadBlob(name, await res.blob());
}

/** Saved reads that hold nothing about a person: the catalog, masters, the salon, free times. */
const isPublic = (key: string) => ["catalog", "staff", "salon"].includes(key) || ["service:", "slots:", "staff:"].some((prefix) => key.startsWith(prefix));

/**
 * Forgets the account on this device (sign-out, deletion): saved bookings and
 * schedules, the offline outbox (queued bookings carry notes and phones), the
 * session, drafts and favourites. The public catalog stays for offline use.
 */
export async function forgetDeviceData(): Promise<void> {
  try {
    const database = await db();
    const keys = await database.getAllKeys("snapshots");
    const personal = keys.filter((key) => !isPublic(key));
    const tx = database.transaction(["snapshots", "outbox", "kv"], "readwrite");
    await Promise.all([...personal.map((key) => tx.objectStore("snapshots").delete(key)), tx.objectStore("outbox").clear(), tx.objectStore("kv").clear(), tx.done]);
  } catch {
    // IndexedDB unavailable: nothing was saved there either
  }
}
