// `npx tsx bench/profile.ts [cpu|profile] [n]`: where a booking's CPU goes,
// on a private stack (bench/stack.ts), without the whole benchmark.
//   cpu      CPU seconds per process (workerd, wrangler's node, the libSQL
//            endpoint, this client) per booking: c=1 one master, c=8 over ten
//            masters, 200 racing creates on one slot. Inspector off.
//   profile  the same c=8 bookings with workerd's inspector on and a V8 CPU
//            profile taken through it (node --cpu-prof cannot see workerd):
//            self time by function, written to bench/last.cpuprofile as well
//            (open it in Chrome DevTools). Inspector overhead inflates the
//            totals; compare shares, not absolute figures.
//   profile-race  the same profile over 200 racing creates on one slot.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import WebSocket from "ws";
import { addDays, instantToWall } from "../worker/booking/zoned-time.js";
import { bookingCall, type BookingTarget, runLoad, signIn } from "./http.js";
import { shutdown, stackCpu, startStack } from "./stack.js";
import { freePort } from "../tests/support/local-stack.js";
import { ms, summarize, table } from "./stats.js";

const ZONE = "Europe/Moscow";
const SERVICE = 3;
const mode = process.argv[2] === "profile" || process.argv[2] === "profile-race" ? process.argv[2] : "cpu";
const N = Number(process.argv[3] ?? 200);
const log = (msg: string) => console.error(`[profile] ${msg}`);

const hourly = (date: string) => Array.from({ length: 14 }, (_, h) => `${date}T${String(8 + h).padStart(2, "0")}:00`);

function cpuNow(): Map<string, number> {
  const { user, system } = process.cpuUsage();
  const snap = new Map(stackCpu().map(({ name, seconds }) => [name, seconds]));
  snap.set("bench client", (user + system) / 1e6);
  return snap;
}

function perRequest(name: string, before: Map<string, number>, after: Map<string, number>, n: number, extra: string[]): string[] {
  const names = [...after.keys()].sort();
  const total = names.reduce((sum, k) => sum + (after.get(k)! - (before.get(k) ?? 0)), 0);
  return [name, String(n), ...extra, ...names.map((k) => `${k}=${(((after.get(k)! - (before.get(k) ?? 0)) * 1000) / n).toFixed(1)}`), `total=${((total * 1000) / n).toFixed(1)} ms`];
}

/** Sends CDP commands over one WebSocket, in order. */
async function cdp(url: string) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  return {
    send: (method: string, params: object = {}) =>
      new Promise<any>((resolve) => {
        const n = ++id;
        waiting.set(n, resolve);
        ws.send(JSON.stringify({ id: n, method, params }));
      }),
    close: () => ws.close(),
  };
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; scriptId: string }; children?: number[] }

/** For a bundle line, the source file esbuild's `// path` comment above it names. */
function sourceFiles(source: string): (line: number) => string {
  const marks: [number, string][] = [];
  source.split("\n").forEach((text, i) => {
    const m = /^\/\/ ((?:node_modules|worker|db)\/\S+)$/.exec(text);
    if (m) marks.push([i, m[1]!.replace(/^node_modules\/(\.pnpm\/)?/, "")]);
  });
  return (line) => {
    let lo = 0, hi = marks.length - 1, found = "";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]![0] <= line) { found = marks[mid]![1]; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
}

/** Self time by function, and by the call frames under which time was spent (inclusive). */
function summarizeProfile(p: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, fileOf: (scriptId: string, line: number) => string): string {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${fileOf(n.callFrame.scriptId, n.callFrame.lineNumber) || n.callFrame.url.split("/").slice(-1)[0]}:${n.callFrame.lineNumber + 1}`;
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  for (const [id, t] of self) {
    const node = byId.get(id)!;
    selfBy.set(label(node), (selfBy.get(label(node)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclBy.set(l, (inclBy.get(l) ?? 0) + t);
    }
  }
  const byFile = new Map<string, number>();
  for (const [id, t] of self) {
    const f = fileOf(byId.get(id)!.callFrame.scriptId, byId.get(id)!.callFrame.lineNumber) || byId.get(id)!.callFrame.functionName;
    const pkg = f.startsWith("worker/") || f.startsWith("db/") ? f : f.split("/").slice(0, f.startsWith("@") ? 2 : 1).join("/");
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + t);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([l, t]) => [`${((100 * t) / total).toFixed(1)}%`, `${(t / 1000).toFixed(0)} ms`, l.slice(0, 140)]);
  return [
    `sampled ${(total / 1000).toFixed(0)} ms`,
    "self time by package / file:",
    table([["share", "time", "where"], ...top(byFile, 30)]),
    "self time:",
    table([["share", "time", "function"], ...top(selfBy, 40)]),
    "inclusive time:",
    table([["share", "time", "function"], ...top(inclBy, 60)]),
  ].join("\n");
}

async function main() {
  const inspectorPort = mode === "cpu" ? undefined : await freePort();
  if (inspectorPort) process.env.WRANGLER_INSPECTOR_PORT = String(inspectorPort);
  const stack = await startStack({ masters: 10, onStep: log });
  try {
    const today = instantToWall(new Date(), ZONE).date;
    const all = stack.masterIds;
    const token = await signIn(stack.baseUrl, "+79990000100");
    log("warming up");
    await runLoad(all.length * 2, 1, bookingCall(stack.baseUrl, token, SERVICE, (i) => ({ staffId: all[i % all.length]!, at: `${addDays(today, 60)}T${String(8 + Math.floor(i / all.length)).padStart(2, "0")}:00` })), [201]);
    const many: BookingTarget[] = [];
    for (let d = 23; many.length < N; d++) for (const at of hourly(addDays(today, d))) for (const staffId of all) many.push({ staffId, at });
    const solo: BookingTarget[] = [];
    for (let d = 2; solo.length < N; d++) for (const at of hourly(addDays(today, d))) solo.push({ staffId: all[0]!, at });

    if (mode !== "cpu") {
      const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string; title?: string }[];
      log(`inspector targets: ${targets.map((t) => t.title).join(", ")}`);
      // Miniflare lists its own service workers too; the app's isolate is named after it.
      const session = await cdp((targets.find((t) => t.title?.includes("salon-booking")) ?? targets[0]!).webSocketDebuggerUrl);
      await session.send("Profiler.enable");
      await session.send("Profiler.setSamplingInterval", { interval: 200 });
      await session.send("Profiler.start");
      const r = mode === "profile"
        ? await runLoad(N, 8, bookingCall(stack.baseUrl, token, SERVICE, (i) => many[i]!), [201])
        : await runLoad(200, 200, bookingCall(stack.baseUrl, token, SERVICE, () => ({ staffId: all[1]!, at: `${addDays(today, 50)}T12:00` })), [201, 409]);
      const { profile } = await session.send("Profiler.stop");
      await session.send("Debugger.enable");
      const files = new Map<string, (line: number) => string>();
      for (const id of new Set((profile.nodes as ProfileNode[]).map((n) => n.callFrame.scriptId))) {
        if (!id || id === "0") continue;
        const { scriptSource } = await session.send("Debugger.getScriptSource", { scriptId: id });
        if (typeof scriptSource === "string") files.set(id, sourceFiles(scriptSource));
      }
      session.close();
      writeFileSync("bench/last.cpuprofile", JSON.stringify(profile));
      console.log(`${r.outcomes.filter((o) => o.status === 201).length}/${r.outcomes.length} created, load ${loadavg()[0]!.toFixed(1)}`);
      console.log(summarizeProfile(profile, (id, line) => files.get(id)?.(line) ?? ""));
      return;
    }

    const rows: string[][] = [];
    let c0 = cpuNow();
    const single = await runLoad(N, 1, bookingCall(stack.baseUrl, token, SERVICE, (i) => solo[i]!), [201]);
    let c1 = cpuNow();
    const s1 = summarize(single.outcomes.map((o) => o.ms));
    rows.push(perRequest("c=1, 1 master", c0, c1, single.outcomes.length, [`p50 ${ms(s1.p50)}`, `${((single.outcomes.length * 1000) / single.wallMs).toFixed(1)}/s`]));
    c0 = cpuNow();
    const eight = await runLoad(N, 8, bookingCall(stack.baseUrl, token, SERVICE, (i) => many[i]!), [201]);
    c1 = cpuNow();
    const s8 = summarize(eight.outcomes.map((o) => o.ms));
    rows.push(perRequest("c=8, 10 masters", c0, c1, eight.outcomes.length, [`p50 ${ms(s8.p50)}`, `${((eight.outcomes.filter((o) => o.status === 201).length * 1000) / eight.wallMs).toFixed(1)}/s`]));
    c0 = cpuNow();
    const race = await runLoad(200, 200, bookingCall(stack.baseUrl, token, SERVICE, () => ({ staffId: all[1]!, at: `${addDays(today, 50)}T12:00` })), [201, 409]);
    c1 = cpuNow();
    const wins = race.outcomes.filter((o) => o.status === 201).length;
    rows.push(perRequest("race 200 × 1 slot", c0, c1, 200, [`${wins}×201 wall ${ms(race.wallMs)}`, `${race.outcomes.filter((o) => o.status !== 201 && o.status !== 409).length} other`]));
    console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
    console.log(rows.map((r) => r.join("  ")).join("\n"));
  } finally {
    await stack.stop();
    await shutdown();
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    await shutdown();
    process.exit(1);
  },
);
