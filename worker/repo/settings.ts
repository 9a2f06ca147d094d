import { eq } from "drizzle-orm";
import { AppError } from "../errors.js";
import { type Db, schema as s } from "./db.js";

export type SalonSettings = typeof s.salonSettings.$inferSelect;

export async function loadSettings(db: Db): Promise<SalonSettings> {
  const [row] = await db.select().from(s.salonSettings).where(eq(s.salonSettings.id, 1)).limit(1);
  if (!row) throw new AppError("salon_not_configured", "The salon is not set up yet; run the database setup");
  return row;
}
