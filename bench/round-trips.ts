// Part 2f: database round trips per request type, read from the local
// endpoint's GET /stats around one request at a time (nothing else runs then).
// The budget test (tests/round-trips/) holds the same numbers down.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Stack } from "./stack.js";
import { table } from "./stats.js";

interface Stats {
  requests: number;
  statements: number;
}

/** Time given to work a request starts after its response (the outbox dispatch). */
const AFTER_RESPONSE_MS = 500;

export async function roundTripTable(
  stack: Stack,
  token: string,
  q: { service: number; master: number; date: string },
): Promise<{ table: string; figures: Map<string, string> }> {
  const stats = async (): Promise<Stats> => (await (await fetch(`${stack.dbUrl}/stats`)).json()) as Stats;
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const rows: string[][] = [["request", "status", "before the answer", "in all", "statements"]];
  const figures = new Map<string, string>();
  const measure = async (name: string, url: string, init: RequestInit = {}) => {
    const before = await stats();
    const response = await fetch(`${stack.baseUrl}${url}`, init);
    const answered = await stats();
    const body = (await response.json()) as Record<string, any>;
    await sleep(AFTER_RESPONSE_MS);
    const after = await stats();
    const answer = answered.requests - before.requests;
    const total = after.requests - before.requests;
    rows.push([name, String(response.status), String(answer), String(total), String(after.statements - before.statements)]);
    return { body, answer, total };
  };
  const booked = await measure("POST /bookings", "/api/v1/bookings", {
    method: "POST",
    headers: { ...auth, "idempotency-key": randomUUID() },
    body: JSON.stringify({ service_id: q.service, staff_id: q.master, appointment_datetime: `${q.date}T10:00` }),
  });
  figures.set("trips_booking_answer", String(booked.answer));
  figures.set("trips_booking_total", String(booked.total));
  const one = await measure("GET time-slots, 1 master", `/api/v1/booking/time-slots/${q.service}?staff_id=${q.master}&date=${q.date}`);
  const any = await measure("GET time-slots, any master", `/api/v1/booking/time-slots/${q.service}?date=${q.date}`);
  await measure("GET time-slots, 31-day range", `/api/v1/booking/time-slots/${q.service}?from=${q.date}&days=31`);
  figures.set("trips_slots", String(Math.max(one.total, any.total)));
  await measure("GET /bookings", "/api/v1/bookings?limit=20", { headers: auth });
  const id = booked.body.booking?.id;
  if (id !== undefined) {
    await measure("PATCH /bookings/{id} cancel", `/api/v1/bookings/${id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ action: "cancel" }) });
  }
  return { table: table(rows), figures };
}
