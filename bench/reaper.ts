// A watchdog for the benchmark's children. `npm run bench` runs us under tsx,
// and on Ctrl-C tsx SIGKILLs its child if it does not acknowledge the signal
// within ~60 ms, which no handler can survive. The stack's processes live in
// their own process groups, so they would outlive us. This process is started
// first, detached, and learns each group and temp dir over stdin; when stdin
// closes (the benchmark exited, however it exited) it stops and removes them.
import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const groups = new Set<number>();
const dirs = new Set<string>();

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // gone already
  }
}

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    const [kind, ...rest] = line.split(" ");
    const value = rest.join(" ");
    if (kind === "group" && /^\d+$/.test(value)) groups.add(Number(value));
    if (kind === "done" && /^\d+$/.test(value)) groups.delete(Number(value));
    if (kind === "dir" && value) dirs.add(value);
  }
});
process.stdin.on("end", () => {
  void (async () => {
    const left = [...groups].filter(alive);
    for (const g of left) signal(g, "SIGTERM");
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && left.some(alive)) await sleep(100);
    for (const g of left) signal(g, "SIGKILL");
    await sleep(300);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    process.exit(0);
  })();
});
// The terminal's Ctrl-C reaches us too when we share its session; we only act on stdin closing.
process.on("SIGINT", () => {});
