// Abonements (visit packages and memberships): the types sold online, buying
// one, and the customer's own with their visits left.
import { AbonementList, AbonementSale, AbonementTypeList } from "../../../worker/contracts/abonements";
import { getJson } from "./api";
import { send } from "./endpoints";

async function read<T>(answer: Promise<{ status: 200; data: T } | { status: 304 }>): Promise<T> {
  const res = await answer;
  if (res.status === 304) throw new Error("unexpected 304");
  return res.data;
}

/**
 * The last day an abonement can be used: its expiry is the first instant it no
 * longer is (the start of the salon day after), so the day shown is the one before.
 */
export const lastValidDay = (expiresAt: string, intlTag: string): string => new Date(Date.parse(expiresAt) - 1).toLocaleDateString(intlTag);

export const loadAbonementTypes = () => read(getJson("/abonement-types", AbonementTypeList));
export const loadMyAbonements = () => read(getJson("/me/abonements", AbonementList));
export const buyAbonement = (typeId: number, idempotencyKey: string) => send("POST", "/abonements", { type_id: typeId }, AbonementSale, { idempotencyKey });
