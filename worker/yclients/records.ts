// One YClients record by id, and the changes our app makes to records:
// cancel (the customer's own link with record_hash, else the admin API) and
// move to another time.
import type { YClientsClient } from "./client.js";
import { YClientsError } from "./client.js";
import { YcRecord } from "./schemas.js";

/** `GET /record/{cid}/{id}`: the record as YClients holds it now, or null when it has none. */
export async function fetchRecord(client: YClientsClient, recordId: number): Promise<YcRecord | null> {
  try {
    return await client.get(`/record/${client.config.companyId}/${recordId}`, YcRecord);
  } catch (error) {
    if (error instanceof YClientsError && error.kind === "not_found") return null;
    throw error;
  }
}

/**
 * Cancels a record with the admin API, `DELETE /record/{cid}/{id}` (204,
 * empty body). The customer's own `DELETE /user/records/{id}/{hash}` would
 * need the record_hash, which only book_record returns and the form's
 * records never bring us. A record already gone counts as cancelled.
 */
export async function cancelRecord(client: YClientsClient, recordId: number): Promise<void> {
  try {
    await client.request("DELETE", `/record/${client.config.companyId}/${recordId}`);
  } catch (error) {
    if (error instanceof YClientsError && error.kind === "not_found") return;
    throw error;
  }
}

/** Moves a record: `PUT /book_record/{cid}/{id}` with the new time (ISO with the salon offset). */
export async function moveRecord(client: YClientsClient, recordId: number, datetime: string): Promise<void> {
  await client.request("PUT", `/book_record/${client.config.companyId}/${recordId}`, {}, { datetime, comment: "" });
}
