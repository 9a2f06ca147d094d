// A master's free times for a day from YClients' book_times, kept briefly
// per isolate. Time-slot reads are anonymous and cheap to send; each one used
// to cost a YClients call per master, against the salon's quota of 200 a
// minute shared with everything else it does. Identical reads share one call
// while it runs and its answer for `timesTtlMs` (30 s by default). Only ids
// and times are kept: book_times carries no personal data. A booking made
// meanwhile is still checked by YClients' own form, so a stale free time
// costs at most a refusal there.
import * as v from "valibot";
import type { YcConfig } from "./config.js";
import type { YClientsClient } from "./client.js";
import { BookTime } from "./schemas.js";

const MAX_ENTRIES = 2_000;
const kept = new Map<string, { until: number; times: Promise<BookTime[]> }>();

export function bookTimes(client: YClientsClient, config: YcConfig, ycStaffId: number, date: string, ycServiceId: number, now = Date.now()): Promise<BookTime[]> {
  const fetchTimes = () => client.get(`/book_times/${config.companyId}/${ycStaffId}/${date}`, v.array(BookTime), { "service_ids[]": ycServiceId });
  if (config.timesTtlMs <= 0) return fetchTimes();
  const key = `${config.baseUrl}|${config.companyId}|${ycStaffId}|${date}|${ycServiceId}`;
  const hit = kept.get(key);
  if (hit && hit.until > now) return hit.times;
  if (kept.size >= MAX_ENTRIES) {
    for (const [k, entry] of kept) if (entry.until <= now) kept.delete(k);
    if (kept.size >= MAX_ENTRIES) kept.clear();
  }
  const times = fetchTimes();
  kept.set(key, { until: now + config.timesTtlMs, times });
  // A failure is not kept: the next read asks again (and decides about an outage itself).
  times.catch(() => {
    if (kept.get(key)?.times === times) kept.delete(key);
  });
  return times;
}
