// Is YClients answering, and where is the salon's booking form? One cheap
// call (GET /company/{id}?showBookforms=1) answers both; the answer is kept
// briefly per isolate so that a catalog page does not probe once per service.
import { YClientsClient, YClientsError } from "./client.js";
import type { YcConfig } from "./config.js";
import { CompanyBookforms } from "./schemas.js";
import { configuredFormBase } from "./widget.js";
import { log } from "../lib/log.js";

export interface Probe {
  up: boolean;
  /** The booking form's base URL (configured, else YClients' default form). */
  formBase: string | null;
  error?: string;
  /** YClients answered but refused the call (a 429 or another 4xx): up, yet the form may be unknown. */
  refused?: boolean;
}

/**
 * Whether a failed call means YClients is down: no answer (network, timeout)
 * or a server fault (5xx, a broken answer). A 429 or another 4xx is YClients
 * answering; falling back to our engine then would let anonymous traffic
 * that spent the salon's quota (200 a minute) switch its booking channel.
 */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof YClientsError)) return true;
  return error.kind === "network" || error.kind === "timeout" || error.kind === "server" || error.kind === "invalid_response" || error.kind === "incomplete";
}

const UP_TTL_MS = 30_000;
const DOWN_TTL_MS = 10_000;
const cache = new Map<string, { probe: Probe; until: number }>();

const keyOf = (config: YcConfig) => `${config.baseUrl}|${config.companyId}`;

/** Forgets the cached answer, e.g. after a call that just failed. */
export function markDown(config: YcConfig, error: string): void {
  const ttl = config.probeTtlMs ?? DOWN_TTL_MS;
  cache.set(keyOf(config), { probe: { up: false, formBase: null, error }, until: Date.now() + Math.min(ttl, DOWN_TTL_MS) });
}

export async function probeCompany(config: YcConfig, now = Date.now()): Promise<Probe> {
  const key = keyOf(config);
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.probe;
  const client = new YClientsClient(config, { maxAttempts: 1, timeoutMs: Math.min(config.timeoutMs, 2500) });
  let probe: Probe;
  try {
    const company = await client.get(`/company/${config.companyId}`, CompanyBookforms, { showBookforms: 1 });
    const form = company.bookforms.find((f) => f.is_default && f.url) ?? company.bookforms.find((f) => f.url);
    probe = { up: true, formBase: configuredFormBase(config) ?? form?.url?.replace(/\/+$/, "") ?? null };
    if (!probe.formBase) log("warn", "yclients: no booking form configured or listed for the company", { company_id: config.companyId });
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    if (isOutage(error)) {
      probe = { up: false, formBase: null, error: message };
      log("warn", "yclients: unreachable", { error: message });
    } else {
      probe = { up: true, formBase: configuredFormBase(config) ?? hit?.probe.formBase ?? null, error: message, refused: true };
      log("warn", "yclients: refused the probe", { error: message });
    }
  }
  const ttl = config.probeTtlMs ?? (probe.up && !probe.refused ? UP_TTL_MS : DOWN_TTL_MS);
  cache.set(key, { probe, until: now + ttl });
  return probe;
}
