import { eq, getTableColumns, sql } from "drizzle-orm";
import { AppError } from "../errors.js";
import { type Db, schema as s } from "./db.js";
import { prepared } from "./prepared.js";

export type SalonSettings = typeof s.salonSettings.$inferSelect & {
  /** The database's generation (see databaseIdentity); null on a database migrated before it existed. */
  generation: string | null;
};

const settingsRow = prepared((db) =>
  db
    .select({
      ...getTableColumns(s.salonSettings),
      generation: sql<string | null>`(select ${s.databaseIdentity.generation} from ${s.databaseIdentity} where ${s.databaseIdentity.id} = 1)`,
    })
    .from(s.salonSettings)
    .where(eq(s.salonSettings.id, 1))
    .limit(1)
    .prepare(),
);

export async function loadSettings(db: Db): Promise<SalonSettings> {
  // The generation rides along with the settings every booking flow reads
  // anyway, so passing it to the ledgers costs no extra round trip.
  const row = await settingsRow(db).get();
  if (!row) throw new AppError("salon_not_configured", "The salon is not set up yet; run the database setup");
  return row;
}
