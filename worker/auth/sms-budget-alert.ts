// Tells the admins that the salon's hourly budget of sign-in SMS ran out (sign-in codes
// then go by email or wait), at most once per clock hour: the outbox's dedupe
// key holds the hour, so parallel refusals write one message per admin.
import type { Db } from "../repo/db.js";
import { enqueue } from "../repo/outbox.js";
import { listAdmins } from "../repo/users.js";

export const smsBudgetAlertKey = (adminId: number, now: Date) => `sms_budget_exhausted:${now.toISOString().slice(0, 13)}:${adminId}`;

export async function alertAdminsOfSmsBudget(db: Db, perHour: number, now: Date): Promise<void> {
  const admins = await listAdmins(db);
  const body = `Салон отправил ${perHour} SMS с кодами входа за последний час (лимит в настройках). Коды сейчас уходят только на email; проверьте, не атака ли это. / The salon's hourly budget of sign-in SMS (${perHour}) is spent: codes go by email only.`;
  // An admin with an email hears of it for free; one without gets a single SMS an hour.
  await Promise.all(admins.map((admin) =>
    enqueue(db, {
      channel: admin.email ? "email" : "sms",
      recipient: admin.email ?? admin.phone,
      kind: "sms_budget_exhausted",
      subject: admin.email ? "Лимит SMS исчерпан / SMS budget spent" : null,
      body,
      dedupeKey: smsBudgetAlertKey(admin.id, now),
    }, now)));
}
