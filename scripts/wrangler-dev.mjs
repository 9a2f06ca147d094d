// `wrangler dev` without the DevTools inspector, for `npm start`, the
// browser tests and the benchmark. wrangler 4.86's CLI always starts the
// inspector proxy, which costs CPU on every subrequest (each database round
// trip) and appends several debug-log entries per request under
// ~/.config/.wrangler/logs; its programmatic API can turn it off.
// Takes the subset of `wrangler dev` flags the project uses:
//   --ip HOST --port N [--persist-to DIR] [--var NAME:value]... [--log-level LEVEL]
// Runs until SIGINT/SIGTERM. WRANGLER_INSPECTOR_PORT=N turns the inspector
// on at that port for a one-off CPU profile (bench/profile.ts).
import { unstable_startWorker } from "wrangler";

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

const args = parseArgs(process.argv.slice(2));
const worker = await unstable_startWorker({
  config: "wrangler.toml",
  bindings: Object.fromEntries(Object.entries(args.vars).map(([name, value]) => [name, { type: "plain_text", value }])),
  dev: {
    inspector: process.env.WRANGLER_INSPECTOR_PORT ? { hostname: "127.0.0.1", port: Number(process.env.WRANGLER_INSPECTOR_PORT) } : false,
    server: { hostname: args.ip, port: args.port },
    ...(args.persistTo === undefined ? {} : { persist: args.persistTo }),
    logLevel: args.logLevel,
    // Reloading on edits is for interactive work; the stacks here run fixed code.
    watch: process.env.WRANGLER_WATCH === "true",
  },
});
await worker.ready;
console.log(`worker ready on http://${args.ip}:${args.port} (inspector ${process.env.WRANGLER_INSPECTOR_PORT ? `on port ${process.env.WRANGLER_INSPECTOR_PORT}` : "off"})`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    worker.dispose().finally(() => process.exit(0));
  });
}
