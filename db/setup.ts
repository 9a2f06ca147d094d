// `tsx db/setup.ts [--no-seed]`: migrate the database named by
// TURSO_DATABASE_URL and, unless told not to, seed the demo salon when it is
// empty. Used by `npm start` and by `npm run db:migrate` for deployments.
import { connect, migrateDatabase } from "./migrate.js";
import { seedDemoSalon } from "./seed.js";

const url = process.env.TURSO_DATABASE_URL;
if (!url) {
  console.error("TURSO_DATABASE_URL is not set (e.g. http://127.0.0.1:8080 or libsql://<db>.turso.io)");
  process.exit(2);
}
const target = { url, authToken: process.env.TURSO_AUTH_TOKEN };
await migrateDatabase(target);
console.log("migrations applied");
if (!process.argv.includes("--no-seed")) {
  const { client, db } = connect(target);
  try {
    const seeded = await seedDemoSalon(db, new Date(), { history: true });
    console.log(seeded ? "demo salon seeded" : "demo data already present, left as is");
  } finally {
    client.close();
  }
}
