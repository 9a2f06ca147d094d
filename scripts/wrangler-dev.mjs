// The Worker in local workerd, for `npm start`, the browser tests and the
// benchmark, with the DevTools inspector off (it costs CPU on every
// subrequest and appends debug-log entries per request under
// ~/.config/.wrangler/logs). Two ways to run it:
//
// - WRANGLER_WATCH=true (`npm start`): `wrangler dev`, which rebuilds on
//   edits. It puts a proxy in front of the Worker (a second workerd with a
//   Durable Object that holds requests during reloads, and a request log line
//   sent to wrangler's node process for each request).
// - otherwise (tests, bench): the code does not change while it runs, so the
//   Worker is bundled once by wrangler (`wrangler deploy --dry-run`, the same
//   bundle as production) and served by Miniflare straight from workerd, with
//   the bindings wrangler derives from wrangler.toml. No proxy hop: about a
//   sixth less CPU per booking on the whole stack (see README, Performance).
//
// Takes the subset of `wrangler dev` flags the project uses:
//   --ip HOST --port N [--persist-to DIR] [--var NAME:value]... [--log-level LEVEL]
// Runs until SIGINT/SIGTERM. WRANGLER_INSPECTOR_PORT=N turns the inspector
// on at that port for a one-off CPU profile (bench/profile.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_startWorker } from "wrangler";

function parseArgs(argv) {
  const out = { vars: {}, ip: "127.0.0.1", port: 8787, persistTo: undefined, logLevel: "log" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--ip") out.ip = value;
    else if (flag === "--port") out.port = Number(value);
    else if (flag === "--persist-to") out.persistTo = value;
    else if (flag === "--log-level") out.logLevel = value;
    else if (flag === "--var") {
      const at = value.indexOf(":");
      if (at < 1) throw new Error(`--var takes NAME:value, got ${value}`);
      out.vars[value.slice(0, at)] = value.slice(at + 1);
    } else throw new Error(`unknown flag ${flag}`);
  }
  return out;
}

const inspectorPort = process.env.WRANGLER_INSPECTOR_PORT ? Number(process.env.WRANGLER_INSPECTOR_PORT) : undefined;

/** `wrangler dev` with reloads on edits; resolves with its dispose(). */
async function startWatching(args) {
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    bindings: Object.fromEntries(Object.entries(args.vars).map(([name, value]) => [name, { type: "plain_text", value }])),
    dev: {
      inspector: inspectorPort === undefined ? false : { hostname: "127.0.0.1", port: inspectorPort },
      server: { hostname: args.ip, port: args.port },
      ...(args.persistTo === undefined ? {} : { persist: args.persistTo }),
      logLevel: args.logLevel,
      watch: true,
    },
  });
  await worker.ready;
  return () => worker.dispose();
}

const miniflareLevels = { none: LogLevel.NONE, error: LogLevel.ERROR, warn: LogLevel.WARN, info: LogLevel.INFO, log: LogLevel.INFO, debug: LogLevel.DEBUG };

/** The production bundle in Miniflare, no proxy in front; resolves with its dispose(). */
async function startFixed(args) {
  const outdir = mkdtempSync(join(tmpdir(), "salon-worker-"));
  const removeBuild = () => rmSync(outdir, { recursive: true, force: true });
  const build = spawnSync(process.execPath, ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", outdir], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (build.status !== 0) {
    removeBuild();
    throw new Error(`bundling the Worker failed:\n${build.stdout}\n${build.stderr}`);
  }
  const { workerOptions } = unstable_getMiniflareWorkerOptions("wrangler.toml");
  const mf = new Miniflare({
    host: args.ip,
    port: args.port,
    inspectorPort,
    log: new Log(miniflareLevels[args.logLevel] ?? LogLevel.INFO),
    // The Worker logs each request itself; Miniflare's own line would cost a
    // call into this process per request.
    logRequests: false,
    // Request.cf comes from a file Miniflare would download; there is no internet here.
    cf: false,
    // Where `wrangler dev --persist-to DIR` keeps Durable Object storage, so both ways share it.
    ...(args.persistTo === undefined ? {} : { defaultPersistRoot: join(args.persistTo, "v3") }),
    workers: [
      {
        name: "salon-booking",
        ...workerOptions,
        // Listed, not discovered: the bundle keeps optional dynamic imports
        // (hono-openapi's other validators) that Miniflare would try to resolve.
        modules: [{ type: "ESModule", path: join(outdir, "index.js") }],
        modulesRoot: outdir,
        bindings: { ...workerOptions.bindings, ...args.vars },
      },
    ],
  });
  try {
    await mf.ready;
  } catch (error) {
    removeBuild();
    throw error;
  }
  return () => mf.dispose().finally(removeBuild);
}

const args = parseArgs(process.argv.slice(2));
const watching = process.env.WRANGLER_WATCH === "true";
const dispose = await (watching ? startWatching(args) : startFixed(args));
console.log(
  `worker ready on http://${args.ip}:${args.port} (${watching ? "wrangler dev, reloads on edits" : "fixed build, no proxy"}; inspector ${inspectorPort === undefined ? "off" : `on port ${inspectorPort}`})`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    dispose().finally(() => process.exit(0));
  });
}
