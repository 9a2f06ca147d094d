// Who may book on which master: customers and admins on anyone; a master only
// on themselves (they then see every booking they made in their schedule).
import type { User } from "../contracts/auth.js";
import { AppError } from "../errors.js";

/** The master a request may book on; "any" from a master means themselves. */
export function ensureMayBookOn(caller: User, staffId: number | "any"): number | "any" {
  if (caller.role !== "staff") return staffId;
  if (caller.staff_id === null) {
    throw new AppError("forbidden", "This staff account is not linked to a master, so it cannot book; ask an admin");
  }
  if (staffId === "any" || staffId === caller.staff_id) return caller.staff_id;
  throw new AppError("forbidden", `Masters book only on themselves: use staff_id ${caller.staff_id}, or ask an admin to book on master ${staffId}`);
}
