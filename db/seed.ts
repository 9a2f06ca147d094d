// The demo salon `npm start` shows on first run. Seeding is skipped when the
// salon row already exists, so a restart keeps whatever changed since.
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { and, eq, like, notExists, or } from "drizzle-orm";
import * as s from "./schema.js";
import { demoCustomers, seedHistory } from "./seed-history.js";
import { defaultTexts } from "../worker/legal/texts.js";

type Db = LibSQLDatabase<typeof s>;

const ZONE = "Europe/Moscow";
const rub = (roubles: number) => roubles * 100;

const categories = [
  { id: 1, name: "Волосы", sortOrder: 1 },
  { id: 2, name: "Ногти", sortOrder: 2 },
  { id: 3, name: "Массаж и SPA", sortOrder: 3 },
];

type NewService = Omit<typeof s.services.$inferInsert, "currency" | "sortOrder">;

const services = ([
  { id: 1, categoryId: 1, name: "Стрижка женская", durationMin: 60, priceMinor: rub(2500), yclientsServiceId: 5147108,
    description: "Мытьё, стрижка и сушка." },
  { id: 2, categoryId: 1, name: "Окрашивание в один тон", durationMin: 120, priceMinor: rub(6000), yclientsServiceId: 5147109,
    description: "Окрашивание по всей длине.", prepaymentKind: "deposit_percent", prepaymentValue: 30 },
  { id: 3, categoryId: 1, name: "Стрижка мужская", durationMin: 45, priceMinor: rub(1500),
    description: "Машинка и ножницы, мытьё головы." },
  { id: 4, categoryId: 1, name: "Укладка", durationMin: 30, priceMinor: rub(1200), isAddon: true },
  { id: 5, categoryId: 2, name: "Маникюр с покрытием", durationMin: 90, priceMinor: rub(2200), bufferAfterMin: 10,
    description: "Аппаратный маникюр и покрытие гель-лаком." },
  { id: 6, categoryId: 2, name: "Педикюр", durationMin: 90, priceMinor: rub(2800), bufferAfterMin: 10 },
  { id: 7, categoryId: 2, name: "Дизайн ногтей", durationMin: 15, priceMinor: rub(300), isAddon: true },
  { id: 8, categoryId: 3, name: "Классический массаж спины", durationMin: 60, priceMinor: rub(3500),
    prepaymentKind: "deposit_fixed", prepaymentValue: rub(1000) },
  { id: 9, categoryId: 3, name: "SPA-обёртывание", durationMin: 90, priceMinor: rub(5000), prepaymentKind: "full" },
  { id: 10, categoryId: 3, name: "Ароматерапия", durationMin: 15, priceMinor: rub(500), isAddon: true },
] satisfies NewService[]).map((row, i) => ({ currency: "RUB", sortOrder: i + 1, ...row }));

const addonLinks = [
  [1, 4], [3, 4], [2, 4],
  [5, 7], [6, 7],
  [8, 10], [9, 10],
].map(([serviceId, addonId]) => ({ serviceId: serviceId!, addonId: addonId! }));

// Money products on sale online, so the demo's /certificates and /abonements
// offer something to buy (the test provider's checkout takes the payment).
const certificateTypes = [
  { name: "На любые услуги", kind: "amount", amountMinor: rub(3000), validityMonths: 12 },
  { name: "Сертификат на маникюр с покрытием", kind: "service", serviceId: 5, validityMonths: 6 },
] satisfies Omit<typeof s.certificateTypes.$inferInsert, "currency">[];

const abonementTypes = [
  // 7 500 ₽ one by one.
  { name: "5 стрижек за 90 дней", kind: "visits", visitsCount: 5, validityDays: 90, priceMinor: rub(6500), serviceIds: [3], freezeMaxDays: 14 },
  // A calendar month, at most one massage a day.
  { name: "Безлимит на массаж спины на месяц", kind: "unlimited", oncePerDay: true, priceMinor: rub(18000), serviceIds: [8], freezeMaxDays: 7 },
] satisfies Omit<typeof s.abonementTypes.$inferInsert, "currency">[];

// No photos in the demo: the app draws initials avatars (a salon adds photo links in the back office).
const staffRows = [
  { id: 1, name: "Анна Смирнова", specialization: "Парикмахер-стилист", yclientsStaffId: 1901,
    bio: "12 лет в профессии. Женские и мужские стрижки, укладки на каждый день и к торжеству." },
  { id: 2, name: "Мария Иванова", specialization: "Колорист", yclientsStaffId: 1902,
    bio: "Сложное окрашивание и тонирование; подбирает оттенок под цвет кожи и глаз." },
  { id: 3, name: "Ольга Кузнецова", specialization: "Мастер ногтевого сервиса",
    bio: "Аппаратный маникюр и педикюр, стерильные инструменты, минималистичный дизайн." },
  { id: 4, name: "Дмитрий Соколов", specialization: "Массажист",
    bio: "Медицинское образование. Классический и спортивный массаж спины и шеи." },
  { id: 5, name: "Елена Попова", specialization: "SPA-мастер",
    bio: "SPA-программы и обёртывания; ведёт процедуру дольше, с ароматерапией в подарок." },
].map((row, i) => ({ ...row, photoUrl: null, sortOrder: i + 1 }));

/** Masters' own terms (staff_services price/duration), so a profile shows a price of its own. */
const ownTerms: Record<string, { priceMinor: number; durationMin: number }> = {
  "5:9": { priceMinor: rub(5500), durationMin: 100 },
};

const skills: Record<number, number[]> = {
  1: [1, 2, 3, 4],
  2: [1, 2, 4],
  3: [5, 6, 7],
  4: [8, 10],
  5: [8, 9, 10],
};

interface Day { days: number[]; start: string; end: string; breaks: [string, string][] }
// Weekly hours per master; days are 0 = Monday … 6 = Sunday.
const weeks: Record<number, Day[]> = {
  1: [{ days: [0, 1, 2, 3, 4], start: "10:00", end: "19:00", breaks: [["14:00", "15:00"]] }],
  2: [{ days: [1, 2, 3, 4, 5], start: "11:00", end: "20:00", breaks: [["13:00", "13:30"], ["16:30", "17:00"]] }],
  3: [{ days: [0, 2, 4, 5], start: "09:00", end: "18:00", breaks: [["13:00", "14:00"]] }],
  4: [{ days: [0, 1, 3, 4, 5, 6], start: "12:00", end: "21:00", breaks: [["16:00", "16:30"]] }],
  5: [{ days: [3, 4, 5, 6], start: "10:00", end: "18:00", breaks: [] }],
};

/** The salon-zone calendar date of `now`, shifted by `days`, as YYYY-MM-DD. */
function salonDate(now: Date, days: number): { date: string; weekday: number } {
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(now);
  const d = new Date(`${local}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return { date: d.toISOString().slice(0, 10), weekday: (d.getUTCDay() + 6) % 7 };
}

function nextWeek(now: Date): { monday: string; sunday: string } {
  const today = salonDate(now, 0);
  const toMonday = 7 - today.weekday;
  return { monday: salonDate(now, toMonday).date, sunday: salonDate(now, toMonday + 6).date };
}

/**
 * Seeds the demo salon if the database has none; returns whether it did.
 * With `history`, also past visits and the next two weeks' bookings (npm start;
 * tests keep an empty calendar so their own bookings are the only ones).
 */
export async function seedDemoSalon(db: Db, now: Date, options: { history?: boolean } = {}): Promise<boolean> {
  const existing = await db.select({ id: s.salonSettings.id }).from(s.salonSettings).limit(1);
  if (existing.length > 0) {
    await backfillDemoConsents(db, now);
    return false;
  }

  await db.transaction(async (tx) => {
    await tx.insert(s.salonSettings).values({
      id: 1,
      name: "Салон «Лотос»",
      address: "Москва, ул. Покровка, 12",
      phone: "+74951234567",
      openingHours: "Ежедневно 09:00–21:00",
      // Demo operator details (made up): a real salon fills in its own in the back office.
      operatorLegalName: "ООО «Лотос» (демо)",
      operatorInn: "7700000000",
      operatorOgrn: "1027700000000",
      operatorAddress: "101000, Москва, ул. Покровка, 12",
      operatorEmail: "privacy@salon.example",
      timeZone: ZONE,
      currency: "RUB",
      // 54-FZ: the demo issues receipts through YooKassa's receipts service, "without VAT".
      receiptsEnabled: true,
      receiptsIssuer: "yookassa",
      receiptVatCode: 1,
    });
    await tx.insert(s.serviceCategories).values(categories);
    await tx.insert(s.services).values(services);
    await tx.insert(s.serviceAddons).values(addonLinks);
    await tx.insert(s.certificateTypes).values(certificateTypes.map((row) => ({ ...row, currency: "RUB" })));
    await tx.insert(s.abonementTypes).values(abonementTypes.map((row) => ({ ...row, currency: "RUB" })));
    await tx.insert(s.staff).values(staffRows);
    await tx.insert(s.staffServices).values(
      Object.entries(skills).flatMap(([staffId, ids]) =>
        ids.map((serviceId) => ({ staffId: Number(staffId), serviceId, ...ownTerms[`${staffId}:${serviceId}`] })),
      ),
    );
    for (const [staffId, blocks] of Object.entries(weeks)) {
      for (const block of blocks) {
        for (const dayOfWeek of block.days) {
          const [row] = await tx
            .insert(s.staffSchedules)
            .values({ staffId: Number(staffId), dayOfWeek, startTime: block.start, endTime: block.end })
            .returning({ id: s.staffSchedules.id });
          if (block.breaks.length > 0) {
            await tx.insert(s.staffScheduleBreaks).values(
              block.breaks.map(([startTime, endTime]) => ({ scheduleId: row!.id, startTime, endTime })),
            );
          }
        }
      }
    }
    const vacation = nextWeek(now);
    await tx.insert(s.scheduleExceptions).values([
      { staffId: 2, kind: "vacation", startDate: vacation.monday, endDate: vacation.sunday, note: "Отпуск" },
      { staffId: 1, kind: "custom_hours", startDate: salonDate(now, 2).date, endDate: salonDate(now, 2).date,
        startTime: "12:00", endTime: "17:00", note: "Обучение утром" },
    ]);
    await tx.insert(s.users).values([
      { phone: "+79990000001", name: "Администратор", role: "admin" },
      ...staffRows.map((m) => ({
        phone: `+799900000${10 + m.id}`,
        name: m.name,
        role: "staff" as const,
        staffId: m.id,
      })),
      { phone: "+79990000100", name: "Ирина Клиентова", email: "irina@example.com", role: "customer" },
    ]);
    await seedLegal(tx, now);
  });
  if (options.history) await seedDemoHistory(db, now);
  return true;
}

/**
 * consent: version 1 of the legal texts, and the demo accounts' consent to it,
 * so the demo and existing sign-in flows work as before; a new phone is asked.
 */
async function seedLegal(db: Pick<Db, "insert" | "select">, now: Date): Promise<void> {
  await db.insert(s.legalDocuments).values([
    { kind: "consent", version: 1, body: defaultTexts.consent },
    { kind: "privacy", version: 1, body: defaultTexts.privacy },
  ]);
  const demo = await db.select({ id: s.users.id }).from(s.users);
  await consentAll(db, demo.map((u) => u.id), now);
}

/**
 * A demo database seeded before consents existed: its demo accounts (and only
 * they, by their made-up phones) agree to version 1, so `npm start` on an old
 * data/ directory signs them in as before.
 */
async function backfillDemoConsents(db: Db, now: Date): Promise<void> {
  const [consentText] = await db.select({ id: s.legalDocuments.id }).from(s.legalDocuments).where(eq(s.legalDocuments.kind, "consent")).limit(1);
  if (!consentText) await db.insert(s.legalDocuments).values({ kind: "consent", version: 1, body: defaultTexts.consent }).onConflictDoNothing();
  const demo = await db
    .select({ id: s.users.id })
    .from(s.users)
    .where(and(or(like(s.users.phone, "+79990000%"), like(s.users.phone, "+79991000%")), notExists(db.select({ id: s.consents.id }).from(s.consents).where(eq(s.consents.userId, s.users.id)))));
  await consentAll(db, demo.map((u) => u.id), now);
}

async function consentAll(db: Pick<Db, "insert">, userIds: number[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db.insert(s.consents).values(userIds.map((userId) => ({ userId, kind: "personal_data" as const, version: 1, givenAt: now.toISOString(), ip: null })));
}

async function seedDemoHistory(db: Db, now: Date): Promise<void> {
  const customers = await db
    .insert(s.users)
    .values(demoCustomers.map((name, i) => ({ phone: `+799910000${String(i).padStart(2, "0")}`, name, role: "customer" as const })))
    .returning({ id: s.users.id, phone: s.users.phone, name: s.users.name });
  await consentAll(db, customers.map((c) => c.id), now);
  const [irina] = await db.select({ id: s.users.id, phone: s.users.phone, name: s.users.name }).from(s.users).where(eq(s.users.phone, "+79990000100"));
  const everyone = [...customers, irina!];
  const vacation = nextWeek(now);
  const trainingDay = salonDate(now, 2).date;
  await seedHistory(db, {
    zone: ZONE,
    today: salonDate(now, 0).date,
    services: services.filter((sv) => !sv.isAddon).map((sv) => ({
      id: sv.id,
      durationMin: sv.durationMin,
      bufferAfterMin: sv.bufferAfterMin ?? 0,
      priceMinor: sv.priceMinor,
      prepaymentKind: sv.prepaymentKind ?? "none",
      prepaymentValue: sv.prepaymentValue ?? 0,
      yclientsServiceId: sv.yclientsServiceId ?? null,
    })),
    skills: Object.fromEntries(Object.entries(skills).map(([id, ids]) => [id, ids.filter((sid) => !services.find((sv) => sv.id === sid)!.isAddon)])),
    ownTerms,
    weeks,
    closed: (staffId, date) => (staffId === 2 && date >= vacation.monday && date <= vacation.sunday) || (staffId === 1 && date === trainingDay),
    customerIds: everyone.map((c) => c.id),
    customerPhones: new Map(everyone.map((c) => [c.id, { phone: c.phone, name: c.name ?? "" }])),
  });
}
