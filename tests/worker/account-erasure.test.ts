// "Delete my account": afterwards no table holds the person's phone, name or
// email. The scan reads the table list from sqlite_master, so a table added
// later is covered without changing this test.
import { describe, expect, it } from "vitest";
import { event, putRecord, record, sendWebhook, settled, linkStaff } from "../yclients/fake-control.js";
import { call, signIn } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { type Person, personWithEverything } from "./person-data.js";
import { adminToken, salonDate, sql } from "./scenario.js";

/** Every place a text column of any table holds one of `needles`: "table.column#rowid: needle". */
async function findPersonalData(needles: string[]): Promise<string[]> {
  const { rows: tables } = await sql("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'");
  const found: string[] = [];
  for (const { name: table } of tables) {
    const { rows: columns } = await sql(`select name, type from pragma_table_info(?)`, [String(table)]);
    // Type affinity is not a promise in SQLite: every column is searched as text.
    for (const { name: column } of columns) {
      for (const needle of needles) {
        const { rows } = await sql(`select rowid as r from "${String(table)}" where instr(cast("${String(column)}" as text), ?) > 0 limit 3`, [needle]);
        for (const row of rows) found.push(`${String(table)}.${String(column)}#${String(row.r)}: ${needle}`);
      }
    }
  }
  return found;
}

const needlesOf = (p: Pick<Person, "phone" | "name" | "email">) => [p.phone, p.phone.slice(1), p.name, p.name.split(" ")[1]!, p.email];

describe("deleting an account", () => {
  it("leaves no phone, name or email of the person in any text column of any table", async () => {
    const p = await personWithEverything();
    // The scan itself finds them before: it is looking in the right places.
    const before = await findPersonalData(needlesOf(p));
    for (const where of ["users.phone", "users.name", "users.email", "bookings.notes", "bookings.customer_name", "notification_outbox.body", "audit_log.after", "webhook_events.payload", "reviews.text", "certificates.recipient_phone", "certificates.message", "certificates.receipt", "abonements.receipt"]) {
      expect(before.some((f) => f.startsWith(`${where}#`)), where).toBe(true);
    }

    const res = await call("DELETE", "/api/v1/me", { token: p.token });
    expect(res.status).toBe(200);
    expect(await findPersonalData(needlesOf(p))).toEqual([]);

    // What the salon's accounts need stays: amounts, services, dates; the review's rating without its text.
    const { rows: kept } = await sql("select id, service_id, start_at, price_total_minor, phone from bookings where id in (?, ?, ?)", [p.bookingIds.paid, p.bookingIds.completed, p.bookingIds.yclients]);
    expect(kept).toHaveLength(3);
    for (const b of kept) expect(b).toMatchObject({ service_id: expect.any(Number), start_at: expect.any(String), price_total_minor: expect.any(Number) });
    const { rows: payments } = await sql("select amount_minor, refunded_minor from payments where id = ?", [p.paymentId]);
    expect(payments[0]).toMatchObject({ amount_minor: 100_000, refunded_minor: expect.any(Number) });
    expect(Number(payments[0]!.refunded_minor)).toBeGreaterThan(0);
    const { rows: review } = await sql("select rating, text from reviews where id = ?", [p.reviewId]);
    expect(review[0]).toEqual({ rating: 4, text: "" });
    // Certificates are money: codes and balances stay; the gift they gave stays its recipient's.
    // abonements: the abonement stays (money) on the anonymous account.
    const { rows: abonements } = await sql("select holder_user_id, price_minor from abonements where id = ?", [p.abonementId]);
    expect(abonements[0]).toMatchObject({ holder_user_id: p.id, price_minor: 400_000 });
    const { rows: certificates } = await sql("select id, balance_minor, recipient_name from certificates where id in (?, ?) order by id", [p.certificateIds.received, p.certificateIds.gift]);
    expect(certificates).toEqual([
      { id: p.certificateIds.received, balance_minor: 200_000, recipient_name: null },
      { id: p.certificateIds.gift, balance_minor: 300_000, recipient_name: "Ольга Подаркова" },
    ]);
    const { rows: pushes } = await sql("select count(*) as n from push_subscriptions where user_id = ?", [p.id]);
    expect(Number(pushes[0]!.n)).toBe(0);
    // The consent stays as proof, withdrawn, with nothing that names the person.
    const { rows: consents } = await sql("select version, withdrawn_at from consents where user_id = ?", [p.id]);
    expect(consents).toEqual([{ version: expect.any(Number), withdrawn_at: expect.any(String) }]);
  });

  it("keeps a later YClients record of the person for the ledger without re-creating them", async () => {
    const p = await personWithEverything();
    expect((await call("DELETE", "/api/v1/me", { token: p.token })).status).toBe(200);
    const { rows: usersBefore } = await sql("select count(*) as n from users");

    // YClients still knows them: an update of the old record and a new one arrive.
    const { rows: staff } = await sql("select yclients_staff_id as yc from staff where id = ?", [p.masterId]);
    const ycStaff = Number(staff[0]!.yc) || (await linkStaff(p.masterId));
    const fresh = record({ staff: ycStaff, date: salonDate(8), time: "12:00", client: { name: p.name, phone: p.phone.slice(1), email: p.email } });
    await putRecord(fresh);
    expect((await sendWebhook(event("create", fresh))).status).toBe(200);
    await settled(fresh.id, "create", fresh.last_change_date.slice(0, 19));

    const { rows } = await sql("select user_id, phone, customer_name, notes, status from bookings where yclients_record_id = ?", [fresh.id]);
    expect(rows[0]).toMatchObject({ user_id: null, phone: "deleted", customer_name: null, notes: null });
    const { rows: usersAfter } = await sql("select count(*) as n from users where phone = ?", [p.phone]);
    expect(Number(usersAfter[0]!.n)).toBe(0);
    expect(Number(usersBefore[0]!.n)).toBeGreaterThan(0);
    expect(await findPersonalData(needlesOf(p))).toEqual([]);

    // Signing in again with consent is coming back: YClients records are theirs again.
    const back = await signIn(p.phone);
    expect(back.user.id).not.toBe(p.id);
    const again = record({ staff: ycStaff, date: salonDate(9), time: "12:00", client: { name: p.name, phone: p.phone.slice(1), email: "" } });
    await putRecord(again);
    expect((await sendWebhook(event("create", again))).status).toBe(200);
    await settled(again.id, "create", again.last_change_date.slice(0, 19));
    const { rows: theirs } = await sql("select user_id, phone from bookings where yclients_record_id = ?", [again.id]);
    expect(theirs[0]).toMatchObject({ user_id: back.user.id, phone: p.phone });
  });

  it("leaves a namesake alone: only the person's phone and email are replaced everywhere, their name only where it is about them", async () => {
    const p = await personWithEverything();
    const namesake = await quickCustomer();
    const admin = await adminToken();
    expect((await call("PATCH", `/api/v1/admin/clients/${namesake.id}`, { token: admin, body: { notes: `Тёзка: ${p.name}. Подруга звонила с ${p.phone}` } })).status).toBe(200);
    await sql("update users set name = ? where id = ?", [p.name, namesake.id]);

    expect((await call("DELETE", "/api/v1/me", { token: p.token })).status).toBe(200);
    const { rows } = await sql("select name, notes from users where id = ?", [namesake.id]);
    expect(rows[0]).toEqual({ name: p.name, notes: `Тёзка: ${p.name}. Подруга звонила с —` });
    const { rows: audit } = await sql("select after from audit_log where entity = 'client' and entity_id = ? order by id desc limit 1", [namesake.id]);
    expect(String(audit[0]!.after)).toContain(p.name);
    expect(String(audit[0]!.after)).not.toContain(p.phone);
  });
});
