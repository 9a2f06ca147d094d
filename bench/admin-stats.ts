// The back office's statistics query over a year of a 10-master salon
// (≈ 40,000 bookings): its own local libSQL endpoint on a temporary file, the
// demo salon plus ten masters and their year, then GET /admin/stats's SQL
// (worker/repo/stats.ts) timed through the same Hrana-over-HTTP client the
// Worker uses. No Worker in the loop: this is the query, not the request.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalServer } from "../db/local-server.js";
import { connect, migrateDatabase } from "../db/migrate.js";
import { seedDemoSalon } from "../db/seed.js";
import { addDays, wallTimeToInstant } from "../worker/booking/zoned-time.js";
import type { Env } from "../worker/env.js";
import { openDb } from "../worker/repo/db.js";
import { loadStats } from "../worker/repo/stats.js";
import { type Group, scopeOf } from "../worker/stats/periods.js";
import { ms, summarize, table } from "./stats.js";

const ZONE = "Europe/Moscow";
const MASTERS = 10;
const DAYS = 365;
const STARTS = 11; // hourly 45-minute visits 09:00 … 19:00, every day
const RUNS = 7;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedYear(url: string, first: string): Promise<number> {
  const { client, db } = connect({ url });
  try {
    await seedDemoSalon(db, new Date());
    const staffIds: number[] = [];
    for (let m = 0; m < MASTERS; m++) {
      const { rows } = await client.execute({ sql: "insert into staff (name) values (?) returning id", args: [`Мастер ${m + 1}`] });
      const id = Number(rows[0]!.id);
      staffIds.push(id);
      for (let day = 0; day < 7; day++) {
        const schedule = await client.execute({ sql: "insert into staff_schedules (staff_id, day_of_week, start_time, end_time) values (?, ?, '09:00', '20:00') returning id", args: [id, day] });
        await client.execute({ sql: "insert into staff_schedule_breaks (schedule_id, start_time, end_time) values (?, '19:45', '20:00')", args: [Number(schedule.rows[0]!.id)] });
      }
    }
    const next = random(7);
    const values: string[] = [];
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(first, d);
      for (const staffId of staffIds) {
        for (let h = 0; h < STARTS; h++) {
          const start = wallTimeToInstant(date, `${String(9 + h).padStart(2, "0")}:00`, ZONE)!;
          const roll = next();
          const status = roll < 0.82 ? "completed" : roll < 0.93 ? "cancelled" : "no_show";
          const channel = next() < 0.25 ? "yclients" : "internal";
          const phone = `+7998${String(Math.floor(next() * 3000)).padStart(7, "0")}`;
          const price = 150_000 + Math.floor(next() * 10) * 10_000;
          values.push(`(3, ${staffId}, '${start.toISOString()}', '${new Date(start.getTime() + 45 * 60_000).toISOString()}', '${status}', '${channel}', '${phone}', ${price}, 'RUB')`);
        }
      }
    }
    for (let i = 0; i < values.length; i += 1000) {
      await client.execute(`insert into bookings (service_id, staff_id, start_at, end_at, status, channel, phone, price_total_minor, currency) values ${values.slice(i, i + 1000).join(", ")}`);
    }
    // Every tenth booking was prepaid online; the cancelled ones among them refunded.
    await client.execute(`insert into payments (booking_id, provider, status, amount_minor, currency, refunded_minor, idempotency_key, created_at)
      select id, 'test', case when status = 'cancelled' then 'refunded' else 'succeeded' end, 50000, 'RUB',
        case when status = 'cancelled' then 50000 else 0 end, 'bench-' || id, start_at from bookings where id % 10 = 0 and staff_id >= ${staffIds[0]}`);
    await client.execute("analyze");
    return values.length;
  } finally {
    client.close();
  }
}

export async function statsFigures(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "salon-bench-stats-"));
  const server = await startLocalServer({ file: join(dir, "stats.db"), port: 0 });
  try {
    await migrateDatabase({ url: server.url });
    const last = addDays(new Date().toISOString().slice(0, 10), -1);
    const first = addDays(last, -(DAYS - 1));
    const seeded = Date.now();
    const count = await seedYear(server.url, first);
    const seedMs = Date.now() - seeded;
    const db = openDb({ TURSO_DATABASE_URL: server.url } as Env);
    const cases: [string, string, string, Group, number | null][] = [
      ["year, by month, all masters", first, last, "month", null],
      ["year, by week, all masters", first, last, "week", null],
      ["year, by day, all masters", first, last, "day", null],
      ["30 days, by day, all masters", addDays(last, -29), last, "day", null],
      ["year, by month, one master", first, last, "month", 6],
    ];
    const rows = [["query (GET /admin/stats)", "runs", "median", "p99", "mean"]];
    for (const [name, from, to, group, staffId] of cases) {
      const scope = scopeOf({ from, to, group, staffId }, ZONE);
      await loadStats(db, scope); // warm the endpoint's page cache
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await loadStats(db, scope);
        samples.push(performance.now() - t);
      }
      const s = summarize(samples);
      rows.push([name, String(s.n), ms(s.p50), ms(s.p99), ms(s.mean)]);
    }
    return [`5. Statistics SQL: ${count} bookings of ${MASTERS} masters over ${DAYS} days (seeded in ${(seedMs / 1000).toFixed(1)} s), one batch per query, local libSQL endpoint`, table(rows)].join("\n");
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/admin-stats.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await statsFigures());
}
