// The demo seed carries the personal-data consent, also for a demo database
// seeded before consents existed (npm start on an old data/ directory).
import { afterAll, describe, expect, it } from "vitest";
import { connect, migrateDatabase } from "../../db/migrate.js";
import { seedDemoSalon } from "../../db/seed.js";
import { Harness } from "./helpers.js";

describe("demo accounts and the consent", () => {
  const harness = new Harness();
  afterAll(() => harness.cleanup());

  it("seeds the demo accounts with consent to version 1, and gives it back to an older demo database's accounts only", async () => {
    const server = await harness.server();
    await migrateDatabase({ url: server.url });
    const { client, db } = connect({ url: server.url });
    try {
      expect(await seedDemoSalon(db, new Date())).toBe(true);
      const consented = async () =>
        (await client.execute("select u.phone from users u join consents c on c.user_id = u.id and c.kind = 'personal_data' and c.version = 1 order by u.phone")).rows.map((r) => String(r.phone));
      expect(await consented()).toEqual(expect.arrayContaining(["+79990000001", "+79990000011", "+79990000100"]));
      expect((await client.execute("select kind, version from legal_documents order by kind")).rows.map((r) => `${r.kind}:${r.version}`)).toEqual(["consent:1", "privacy:1"]);

      // As a database seeded before consents existed, with a real customer who never agreed.
      await client.execute("delete from consents");
      await client.execute("insert into users (phone, role) values ('+79161234567', 'customer')");
      expect(await seedDemoSalon(db, new Date())).toBe(false);
      const after = await consented();
      expect(after).toEqual(expect.arrayContaining(["+79990000001", "+79990000100"]));
      expect(after).not.toContain("+79161234567");
    } finally {
      client.close();
    }
  });
});
