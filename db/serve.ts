import { resolve } from "node:path";
import { startLocalServer } from "./local-server.js";

const file = resolve(process.env.LIBSQL_FILE ?? "data/local.db");
const port = Number(process.env.LIBSQL_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid LIBSQL_PORT: ${process.env.LIBSQL_PORT ?? ""}`);
  process.exit(1);
}

const delayMs = Number(process.env.LIBSQL_DELAY_MS ?? 0);
if (!Number.isFinite(delayMs) || delayMs < 0) {
  console.error(`Invalid LIBSQL_DELAY_MS: ${process.env.LIBSQL_DELAY_MS ?? ""}`);
  process.exit(1);
}
const poolSize = Number(process.env.LIBSQL_POOL_SIZE ?? 64);
if (!Number.isInteger(poolSize) || poolSize < 0) {
  console.error(`Invalid LIBSQL_POOL_SIZE: ${process.env.LIBSQL_POOL_SIZE ?? ""}`);
  process.exit(1);
}

const server = await startLocalServer({ file, port, authToken: process.env.LIBSQL_AUTH_TOKEN || undefined, delayMs, poolSize });
console.log(`libsql listening on ${server.url}`);
console.log(`database file: ${file}${delayMs > 0 ? `, ${delayMs} ms added per request` : ""}`);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, closing libsql server`);
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
