// The development YClients sandbox: the same fake the tests use
// (tests/fakes/yclients.ts), on a fixed port, with free times on every day,
// a booking form, and record webhooks sent to the local Worker.
//   npm start -- --yclients-sandbox   (starts it with the stack and points the Worker at it)
//   npm run yclients:sandbox          (on its own, e.g. again after stopping it)
// It writes the Worker settings it needs to data/yclients-sandbox.json, and
// keeps its records in data/yclients-sandbox-records.json across restarts
// (else reconciliation would rightly cancel bookings it no longer knows).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { FAKE_WEBHOOK_SECRET, startFakeYClients } from "../tests/fakes/yclients.js";

const host = "127.0.0.1";
const port = Number(process.env.YCLIENTS_SANDBOX_PORT ?? 8790);
const workerUrl = process.env.WORKER_URL ?? `http://${host}:${process.env.PORT ?? 8787}`;
const file = "data/yclients-sandbox.json";
const recordsFile = "data/yclients-sandbox-records.json";

const sandbox = await startFakeYClients({ port, webhookUrl: `${workerUrl}/api/v1/yclients/webhook/${FAKE_WEBHOOK_SECRET}`, openTimes: true });
const vars = {
  ...sandbox.bindings,
  // The sandbox is also the booking form's host.
  YCLIENTS_WIDGET_BASE_URL: sandbox.url,
  // A stopped sandbox should show in the app within seconds.
  YCLIENTS_PROBE_TTL_MS: "3000",
  YCLIENTS_TIMEOUT_MS: "1500",
};
mkdirSync("data", { recursive: true });
if (existsSync(recordsFile)) {
  for (const record of JSON.parse(readFileSync(recordsFile, "utf8")) as { id: number }[]) sandbox.state.records.set(Number(record.id), record);
}
writeFileSync(file, JSON.stringify({ url: sandbox.url, pid: process.pid, vars }, null, 2));
console.log(`  YClients sandbox: ${sandbox.url}/__fake/ (booking form: ${sandbox.url}/ ; stop: POST ${sandbox.url}/__fake/stop)`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  rmSync(file, { force: true });
  writeFileSync(recordsFile, JSON.stringify([...sandbox.state.records.values()]));
  await sandbox.close();
  process.exit(0);
}
sandbox.onStop(stop);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
