// The single source of truth for the database. Migrations in db/migrations are
// generated from this file by drizzle-kit and never edited by hand.
//
// Conventions: instants are ISO-8601 UTC text ("2026-11-26T07:00:00.000Z"),
// which sorts correctly as text; salon wall times are "HH:MM" text and dates
// "YYYY-MM-DD", both read in the salon's IANA zone; money is integer minor
// units next to an ISO currency code.
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
const updatedAt = () =>
  text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

/** How a no-show deposit is sized: off, a percent of the price, or a fixed amount. */
export const depositKinds = ["off", "percent", "fixed"] as const;

/** Who issues a salon's fiscal receipts: YooKassa's receipts service, or the shop's own online till. */
export const receiptIssuers = ["yookassa", "own_till"] as const;

/** Where a day's start times are counted from (worker/booking/README.md, "Grid"). */
export const slotGrids = ["period_start", "clock"] as const;

export const salonSettings = sqliteTable(
  "salon_settings",
  {
    // One salon per deployment: the row with id 1.
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    address: text("address"),
    phone: text("phone"),
    timeZone: text("time_zone").notNull(),
    currency: text("currency").notNull(),
    slotStepMin: integer("slot_step_min").notNull().default(30),
    // Start times count from each working period's start, or from the clock (multiples of the step
    // from midnight). Existing salons keep the period start: changing a grid under them is their call.
    slotGrid: text("slot_grid", { enum: slotGrids }).notNull().default("period_start"),
    minNoticeMin: integer("min_notice_min").notNull().default(60),
    horizonDays: integer("horizon_days").notNull().default(60),
    holdTtlMin: integer("hold_ttl_min").notNull().default(10),
    cancellationWindowHours: integer("cancellation_window_hours").notNull().default(24),
    yclientsFallback: integer("yclients_fallback", { mode: "boolean" }).notNull().default(true),
    // YClients' deep links into its form (unofficial): off sends customers to the form's start page.
    yclientsDeepLinks: integer("yclients_deep_links", { mode: "boolean" }).notNull().default(true),
    // YClients sends its own confirmations and reminders; ours only when the salon asks.
    yclientsOwnNotifications: integer("yclients_own_notifications", { mode: "boolean" }).notNull().default(false),
    // Whether customers may move a YClients booking from our app (cancelling is always allowed).
    yclientsCustomerReschedule: integer("yclients_customer_reschedule", { mode: "boolean" }).notNull().default(false),
    // Refunds on cancellation: all of it up to this many hours before, else the share below.
    refundFullHours: integer("refund_full_hours").notNull().default(24),
    refundLatePercent: integer("refund_late_percent").notNull().default(50),
    // Loyalty: points (1 point = 1 minor unit) earned on completed visits, spendable on part of a price.
    loyaltyEarnPercent: integer("loyalty_earn_percent").notNull().default(5),
    loyaltyMaxSpendPercent: integer("loyalty_max_spend_percent").notNull().default(30),
    // masters: shown on the customer's home screen. Opening hours as the salon writes them;
    // a map link of its choice (else the app links a map search for the address).
    openingHours: text("opening_hours"),
    mapUrl: text("map_url"),
    // manage: which reminders the cron sends before a visit (each once per booking and time).
    reminder24h: integer("reminder_24h", { mode: "boolean" }).notNull().default(true),
    reminder2h: integer("reminder_2h", { mode: "boolean" }).notNull().default(false),
    // How long a time freed for a waiting customer is held for them before it passes on.
    waitlistHoldMin: integer("waitlist_hold_min").notNull().default(10),
    // consent: the salon as the operator of personal data (152-FZ), shown in the consent text.
    operatorLegalName: text("operator_legal_name"),
    operatorInn: text("operator_inn"),
    operatorOgrn: text("operator_ogrn"),
    operatorAddress: text("operator_address"),
    // Where a person sends requests about their data (what is held, deletion).
    operatorEmail: text("operator_email"),
    // receipts (54-FZ): whether payments carry a fiscal receipt, who issues it
    // (YooKassa's receipts service mails it, so it needs the customer's email;
    // the shop's own online till takes an email or a phone), the VAT code (1–12,
    // 1 = without VAT) and the tax system code (1–6, only where the shop has several).
    receiptsEnabled: integer("receipts_enabled", { mode: "boolean" }).notNull().default(false),
    receiptsIssuer: text("receipts_issuer", { enum: receiptIssuers }).notNull().default("yookassa"),
    receiptVatCode: integer("receipt_vat_code").notNull().default(1),
    receiptTaxSystemCode: integer("receipt_tax_system_code"),
    // Abuse limits (README, Security). Sign-in codes go only to numbers of
    // these countries (ISO 3166 codes, a JSON array), since every SMS is paid.
    phoneCountries: text("phone_countries", { mode: "json" }).$type<string[]>().notNull().default(["RU"]),
    // Sign-in codes sent by SMS per hour salon-wide; past it they go by email or wait.
    smsHourlyBudget: integer("sms_hourly_budget").notNull().default(200),
    // Per customer account: future bookings not cancelled, of them held ones, open waitlist entries.
    maxActiveBookings: integer("max_active_bookings").notNull().default(5),
    maxHeldBookings: integer("max_held_bookings").notNull().default(2),
    maxWaitlistEntries: integer("max_waitlist_entries").notNull().default(5),
    // No-show protection (worker/payments/deposit-policy.ts): a deposit of this
    // size ("off" = none) asked from new clients, from clients with at least
    // depositNoShowCount no-shows in the last depositNoShowMonths months (null =
    // that rule is off), or from everyone (depositAllClients), for the services
    // listed (empty = every service); a late cancel or a no-show keeps it.
    // depositPolicySince: when the policy was last switched on (the statistics
    // compare no-show rates before and after).
    depositKind: text("deposit_kind", { enum: depositKinds }).notNull().default("off"),
    depositValue: integer("deposit_value").notNull().default(0),
    depositNewClients: integer("deposit_new_clients", { mode: "boolean" }).notNull().default(false),
    depositNoShowCount: integer("deposit_no_show_count"),
    depositNoShowMonths: integer("deposit_no_show_months").notNull().default(6),
    depositAllClients: integer("deposit_all_clients", { mode: "boolean" }).notNull().default(false),
    depositServiceIds: text("deposit_service_ids", { mode: "json" }).$type<number[]>().notNull().default([]),
    depositPolicySince: text("deposit_policy_since"),
    // abonements: whether a no-show spends the abonement's visit (else it is given back).
    abonementNoShowSpends: integer("abonement_no_show_spends", { mode: "boolean" }).notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [check("salon_settings_single_row", sql`${t.id} = 1`)],
);

export const serviceCategories = sqliteTable("service_categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

export const prepaymentKinds = ["none", "deposit_fixed", "deposit_percent", "full"] as const;

export const services = sqliteTable(
  "services",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    categoryId: integer("category_id").references(() => serviceCategories.id),
    name: text("name").notNull(),
    description: text("description"),
    durationMin: integer("duration_min").notNull(),
    bufferAfterMin: integer("buffer_after_min").notNull().default(0),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    yclientsServiceId: integer("yclients_service_id"),
    isAddon: integer("is_addon", { mode: "boolean" }).notNull().default(false),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    prepaymentKind: text("prepayment_kind", { enum: prepaymentKinds }).notNull().default("none"),
    prepaymentValue: integer("prepayment_value").notNull().default(0),
    sortOrder: integer("sort_order").notNull().default(0),
    // classes: a group service is booked by the seat in scheduled sessions
    // (class_sessions), never on the master's slot grid; default_seats
    // prefills a new session.
    isClass: integer("is_class", { mode: "boolean" }).notNull().default(false),
    defaultSeats: integer("default_seats"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("services_yclients_id_unique").on(t.yclientsServiceId),
    index("services_category_idx").on(t.categoryId),
    check("services_duration_positive", sql`${t.durationMin} > 0`),
    check("services_price_non_negative", sql`${t.priceMinor} >= 0`),
  ],
);

/** Which add-ons may be added to which main service. */
export const serviceAddons = sqliteTable(
  "service_addons",
  {
    serviceId: integer("service_id").notNull().references(() => services.id),
    addonId: integer("addon_id").notNull().references(() => services.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.addonId] })],
);

export const staff = sqliteTable(
  "staff",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    specialization: text("specialization"),
    photoUrl: text("photo_url"),
    bio: text("bio"),
    yclientsStaffId: integer("yclients_staff_id"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("staff_yclients_id_unique").on(t.yclientsStaffId)],
);

export const staffServices = sqliteTable(
  "staff_services",
  {
    staffId: integer("staff_id").notNull().references(() => staff.id),
    serviceId: integer("service_id").notNull().references(() => services.id),
    // The master's own price and duration for this service; null = the service's.
    priceMinor: integer("price_minor"),
    durationMin: integer("duration_min"),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.serviceId] }),
    index("staff_services_service_idx").on(t.serviceId),
  ],
);

/** Weekly working hours; day_of_week 0 = Monday … 6 = Sunday. */
export const staffSchedules = sqliteTable(
  "staff_schedules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    staffId: integer("staff_id").notNull().references(() => staff.id),
    dayOfWeek: integer("day_of_week").notNull(),
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("staff_schedules_staff_day_idx").on(t.staffId, t.dayOfWeek),
    check("staff_schedules_day_range", sql`${t.dayOfWeek} BETWEEN 0 AND 6`),
    check("staff_schedules_order", sql`${t.startTime} < ${t.endTime}`),
  ],
);

export const staffScheduleBreaks = sqliteTable(
  "staff_schedule_breaks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    scheduleId: integer("schedule_id")
      .notNull()
      .references(() => staffSchedules.id, { onDelete: "cascade" }),
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
  },
  (t) => [
    index("staff_schedule_breaks_schedule_idx").on(t.scheduleId),
    check("staff_schedule_breaks_order", sql`${t.startTime} < ${t.endTime}`),
  ],
);

export const exceptionKinds = ["day_off", "vacation", "custom_hours"] as const;

/** Date-range overrides of the weekly schedule (inclusive dates, salon zone). */
export const scheduleExceptions = sqliteTable(
  "schedule_exceptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    staffId: integer("staff_id").notNull().references(() => staff.id),
    kind: text("kind", { enum: exceptionKinds }).notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    // Only for custom_hours.
    startTime: text("start_time"),
    endTime: text("end_time"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    index("schedule_exceptions_staff_dates_idx").on(t.staffId, t.startDate, t.endDate),
    check("schedule_exceptions_order", sql`${t.startDate} <= ${t.endDate}`),
  ],
);

export const userRoles = ["customer", "staff", "admin"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    phone: text("phone").notNull(),
    name: text("name"),
    email: text("email"),
    role: text("role", { enum: userRoles }).notNull().default("customer"),
    staffId: integer("staff_id").references(() => staff.id),
    // The salon's own notes about a client (back office only).
    notes: text("notes"),
    // manage: set when the person deleted their account; the row stays (loyalty and
    // bookings refer to it) with every personal field scrubbed, and no session works.
    deletedAt: text("deleted_at"),
    // No-show protection: the admin waived the salon's deposit rule for this client (audited).
    depositWaived: integer("deposit_waived", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_phone_unique").on(t.phone),
    index("users_email_idx").on(t.email),
  ],
);

/**
 * One row per sign-in (a device's session). Every request's token names its
 * session, and the user is read only through a live one, so signing out,
 * "sign out everywhere", a role change or deleting the account end sessions
 * on the server at once. `expires_at` is the end of the sign-in (30 days):
 * renewals issue short access tokens up to it, never past it.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** One-time sign-in codes. Only a hash of the code is kept. */
export const otpCodes = sqliteTable(
  "otp_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    phone: text("phone").notNull(),
    clientKey: text("client_key").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: text("expires_at").notNull(),
    consumedAt: text("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("otp_codes_phone_created_idx").on(t.phone, t.createdAt),
    index("otp_codes_client_created_idx").on(t.clientKey, t.createdAt),
  ],
);

export const bookingStatuses = [
  "held",
  "pending",
  "confirmed",
  "cancelled",
  "completed",
  "no_show",
] as const;
export const bookingChannels = ["internal", "yclients"] as const;
// Whether our booking was sent straight away or replayed later from the PWA's
// offline outbox (the back office colours the latter: the slot was chosen on
// a stale screen).
export const bookingOrigins = ["online", "offline"] as const;

/** Which rule of the salon's no-show policy asked for a booking's deposit. */
export const depositRules = ["new_client", "no_shows", "service"] as const;

export const bookings = sqliteTable(
  "bookings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id),
    serviceId: integer("service_id").references(() => services.id),
    staffId: integer("staff_id").references(() => staff.id),
    startAt: text("start_at").notNull(),
    endAt: text("end_at").notNull(),
    status: text("status", { enum: bookingStatuses }).notNull(),
    channel: text("channel", { enum: bookingChannels }).notNull().default("internal"),
    origin: text("origin", { enum: bookingOrigins }).notNull().default("online"),
    yclientsRecordId: integer("yclients_record_id"),
    yclientsLastChange: text("yclients_last_change"),
    phone: text("phone").notNull(),
    customerName: text("customer_name"),
    notes: text("notes"),
    priceTotalMinor: integer("price_total_minor").notNull(),
    // What must be paid before the visit (0 = nothing); the hold waits for it.
    prepaymentMinor: integer("prepayment_minor").notNull().default(0),
    currency: text("currency").notNull(),
    holdExpiresAt: text("hold_expires_at"),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    cancelReason: text("cancel_reason"),
    // The start it was first booked for, kept by the first move (null: never
    // moved): the refund window counts from the earlier of the two, so moving a
    // visit far ahead does not turn a late cancel into a full refund.
    originalStartAt: text("original_start_at"),
    // Set when a schedule change or an unknown YClients staff/service leaves
    // the booking in a state the salon must look at.
    needsAttention: text("needs_attention"),
    // visits: the visit this booking is one item of (several services in one visit).
    visitId: integer("visit_id").references(() => visits.id),
    // series: the recurring booking ("every Tuesday 18:00") this booking is one occurrence of.
    seriesId: integer("series_id").references(() => bookingSeries.id),
    // certificates: the gift certificate that pays part or all of the price, and
    // how much of it (spent in the booking's write batch; given back on a cancel in policy).
    certificateId: integer("certificate_id").references(() => certificates.id),
    certificateMinor: integer("certificate_minor").notNull().default(0),
    // abonements: the abonement paying the service's price, and how much (the
    // covered price; add-ons are paid as usual). Its visit is the row in abonement_uses.
    abonementId: integer("abonement_id").references((): AnySQLiteColumn => abonements.id),
    abonementMinor: integer("abonement_minor").notNull().default(0),
    // No-show protection: the policy rule that made the prepayment a deposit
    // the salon keeps on a late cancel or a no-show (null: an ordinary prepayment).
    depositRule: text("deposit_rule", { enum: depositRules }),
    // classes: the session this booking is a seat of. A seat lives in the
    // class's ledger (`class:<id>`), not the master's: the master's time is
    // held once for the whole session.
    classId: integer("class_id").references(() => classSessions.id),
    // classes: marked by staff after the session (null: not marked yet).
    attended: integer("attended", { mode: "boolean" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("bookings_visit_idx").on(t.visitId),
    index("bookings_series_idx").on(t.seriesId),
    index("bookings_class_idx").on(t.classId, t.status),
    uniqueIndex("bookings_yclients_record_unique").on(t.yclientsRecordId),
    uniqueIndex("bookings_user_idempotency_unique").on(t.userId, t.idempotencyKey),
    index("bookings_staff_start_idx").on(t.staffId, t.startAt),
    index("bookings_user_start_idx").on(t.userId, t.startAt),
    index("bookings_status_hold_idx").on(t.status, t.holdExpiresAt),
    // Statistics scan a date range across masters, and find each client's first visit.
    index("bookings_start_idx").on(t.startAt),
    index("bookings_phone_start_idx").on(t.phone, t.startAt),
    check("bookings_interval_order", sql`${t.startAt} < ${t.endAt}`),
  ],
);

export const bookingAddons = sqliteTable(
  "booking_addons",
  {
    bookingId: integer("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    serviceId: integer("service_id").notNull().references(() => services.id),
    durationMin: integer("duration_min").notNull(),
    priceMinor: integer("price_minor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.serviceId] })],
);

export const paymentStatuses = [
  "pending",
  "waiting_for_capture",
  "succeeded",
  "canceled",
  "refunded",
] as const;

export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // onepay: a visit's payment points at its first prepaid item here and lists
    // every item it pays for in payment_items; null for a single booking's payment.
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    visitId: integer("visit_id").references(() => visits.id),
    provider: text("provider").notNull(),
    providerPaymentId: text("provider_payment_id"),
    status: text("status", { enum: paymentStatuses }).notNull().default("pending"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    refundedMinor: integer("refunded_minor").notNull().default(0),
    method: text("method"),
    // Loyalty points spent on this payment (already off amount_minor).
    pointsUsed: integer("points_used").notNull().default(0),
    idempotencyKey: text("idempotency_key").notNull(),
    confirmationUrl: text("confirmation_url"),
    lastError: text("last_error"),
    // receipts: the receipt sent with the payment (JSON of worker/payments/receipt.ts's
    // Receipt); null when it went without one. Refund and closing receipts reuse its items.
    receipt: text("receipt"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payments_idempotency_unique").on(t.idempotencyKey),
    uniqueIndex("payments_provider_id_unique").on(t.provider, t.providerPaymentId),
    index("payments_booking_idx").on(t.bookingId),
    index("payments_visit_idx").on(t.visitId),
  ],
);

// onepay: what one visit payment pays for, item by item. Each item's share and
// points add up to the payment exactly, and `receipt` is the item's own part of
// the payment's fiscal receipt (its service and add-ons). A refund claims items
// by writing its key into `refund_key` (guarded on it being null), in the same
// transaction that inserts the refund row, so an item's money goes back once
// whichever cancel, expiry or late payment reaches it first.
export const paymentItems = sqliteTable(
  "payment_items",
  {
    paymentId: integer("payment_id").notNull().references(() => payments.id),
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    amountMinor: integer("amount_minor").notNull(),
    points: integer("points").notNull().default(0),
    receipt: text("receipt"),
    refundKey: text("refund_key"),
    refundMinor: integer("refund_minor").notNull().default(0),
    refundPoints: integer("refund_points").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.paymentId, t.bookingId] }), index("payment_items_booking_idx").on(t.bookingId), index("payment_items_refund_idx").on(t.refundKey)],
);

export const refunds = sqliteTable(
  "refunds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    paymentId: integer("payment_id").notNull().references(() => payments.id),
    providerRefundId: text("provider_refund_id"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "canceled"] }).notNull().default("pending"),
    reason: text("reason").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("refunds_idempotency_unique").on(t.idempotencyKey),
    index("refunds_payment_idx").on(t.paymentId),
  ],
);

// receipts: the closing receipt (чек зачёта предоплаты) a prepaid booking owes
// once its service is delivered, as an outbox row: written in the same batch
// that marks the booking completed, sent right after, retried by the cron
// until the provider accepts it. One row per payment and kind, and the
// provider's Idempotence-Key is derived from the payment, so it goes out once.
export const receiptKinds = ["settlement"] as const;
export const receiptStatuses = ["pending", "sent", "failed"] as const;

export const receipts = sqliteTable(
  "receipts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    paymentId: integer("payment_id").notNull().references(() => payments.id),
    kind: text("kind", { enum: receiptKinds }).notNull(),
    // pending: not accepted yet (a transient failure keeps it here); failed: the provider refused it.
    status: text("status", { enum: receiptStatuses }).notNull().default("pending"),
    idempotenceKey: text("idempotence_key").notNull(),
    providerReceiptId: text("provider_receipt_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("receipts_payment_kind_unique").on(t.paymentId, t.kind),
    uniqueIndex("receipts_idempotence_unique").on(t.idempotenceKey),
    index("receipts_status_updated_idx").on(t.status, t.updatedAt),
  ],
);

/** Loyalty points as a ledger: the balance is the sum, never a stored counter. */
export const loyaltyLedger = sqliteTable(
  "loyalty_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    bookingId: integer("booking_id").references(() => bookings.id),
    paymentId: integer("payment_id").references(() => payments.id),
    points: integer("points").notNull(),
    reason: text("reason", { enum: ["earned", "spent", "returned", "adjusted"] }).notNull(),
    // Makes each earning/spending happen once however often it is retried.
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("loyalty_ledger_dedupe_unique").on(t.dedupeKey),
    index("loyalty_ledger_user_idx").on(t.userId),
  ],
);

export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: ["received", "processed", "failed", "ignored"] })
      .notNull()
      .default("received"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    receivedAt: createdAt(),
    processedAt: text("processed_at"),
  },
  (t) => [
    uniqueIndex("webhook_events_source_external_unique").on(t.source, t.externalId),
    index("webhook_events_status_idx").on(t.status),
  ],
);

export const outboxChannels = ["sms", "email", "push"] as const;
// 38-FZ: advertising is only sent with the recipient's consent and is priced
// differently by operators, so every message says which it is.
export const outboxPurposes = ["service", "advertising"] as const;

export const notificationOutbox = sqliteTable(
  "notification_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: outboxChannels }).notNull(),
    recipient: text("recipient").notNull(),
    kind: text("kind").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    // skipped: an advertising message whose recipient withdrew consent after it was queued.
    status: text("status", { enum: ["pending", "sent", "failed", "skipped"] }).notNull().default("pending"),
    purpose: text("purpose", { enum: outboxPurposes }).notNull().default("service"),
    campaignId: integer("campaign_id"),
    transport: text("transport"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    lastError: text("last_error"),
    // Lets a producer enqueue the same message twice without sending it twice.
    dedupeKey: text("dedupe_key"),
    createdAt: createdAt(),
    sentAt: text("sent_at"),
  },
  (t) => [
    uniqueIndex("notification_outbox_dedupe_unique").on(t.dedupeKey),
    index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_outbox_campaign_idx").on(t.campaignId, t.status),
    // The salon's hourly SMS budget counts the recent sign-in codes.
    index("notification_outbox_kind_created_idx").on(t.kind, t.createdAt),
  ],
);

/** Small key/value state of background jobs (e.g. YClients reconciliation). */
export const syncState = sqliteTable("sync_state", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: updatedAt(),
});

/**
 * YClients records deleted before we ever saw them (a short delete event
 * carries only the id): later create/update events of that id must not bring
 * them back. Ids and times only, no personal data.
 */
export const yclientsDeletedRecords = sqliteTable("yclients_deleted_records", {
  recordId: integer("record_id").primaryKey(),
  deletedAt: text("deleted_at").notNull(),
});

/**
 * Which database this is: one row, a random generation written when the
 * database is first migrated (db/migrate.ts). The masters' ledgers remember it
 * and rebuild themselves when they meet another one (a wiped local database,
 * a database swapped under the same URL), so they never trust intervals from
 * a database that is gone.
 */
export const databaseIdentity = sqliteTable(
  "database_identity",
  {
    id: integer("id").primaryKey(),
    generation: text("generation").notNull(),
    createdAt: createdAt(),
  },
  (t) => [check("database_identity_single_row", sql`${t.id} = 1`)],
);

/**
 * Time a master is not bookable (training, lunch, an errand). Claimed through
 * the master's ledger like a booking; removing one keeps the row (removed_at).
 */
export const timeBlocks = sqliteTable(
  "time_blocks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    staffId: integer("staff_id").notNull().references(() => staff.id),
    startAt: text("start_at").notNull(),
    endAt: text("end_at").notNull(),
    reason: text("reason"),
    createdBy: integer("created_by").references(() => users.id),
    removedAt: text("removed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("time_blocks_staff_start_idx").on(t.staffId, t.startAt),
    check("time_blocks_interval_order", sql`${t.startAt} < ${t.endAt}`),
  ],
);

// certificates: gift certificates. A type is a nominal amount or one service
// (its price when sold), valid for some months. A certificate's balance is a
// stored counter changed only by single guarded statements (CHECK: never
// below zero), each with an append-only ledger row whose dedupe key makes a
// retry change nothing twice (worker/payments/certificates*.ts).
export const certificateTypeKinds = ["amount", "service"] as const;

export const certificateTypes = sqliteTable("certificate_types", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  kind: text("kind", { enum: certificateTypeKinds }).notNull(),
  amountMinor: integer("amount_minor"),
  serviceId: integer("service_id").references(() => services.id),
  currency: text("currency").notNull(),
  validityMonths: integer("validity_months").notNull().default(12),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// awaiting_payment: sold online, not paid yet (no code shown to anyone);
// canceled: that payment failed. void/refunded: ended by the salon with a reason.
export const certificateStatuses = ["awaiting_payment", "active", "void", "refunded", "canceled"] as const;
export const certificateSellers = ["desk", "online"] as const;

export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Normalised: upper case, no separators (worker/payments/certificate-codes.ts).
    code: text("code").notNull(),
    typeId: integer("type_id").references(() => certificateTypes.id),
    // A "for a service" certificate pays only for that service.
    serviceId: integer("service_id").references(() => services.id),
    initialMinor: integer("initial_minor").notNull(),
    balanceMinor: integer("balance_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: certificateStatuses }).notNull(),
    expiresAt: text("expires_at").notNull(),
    buyerUserId: integer("buyer_user_id").references(() => users.id),
    recipientName: text("recipient_name"),
    recipientPhone: text("recipient_phone"),
    recipientEmail: text("recipient_email"),
    message: text("message"),
    // When the recipient gets the code (null: nobody is sent it, e.g. a desk sale).
    sendAt: text("send_at"),
    soldBy: text("sold_by", { enum: certificateSellers }).notNull(),
    // The staff member who issued it at the desk.
    issuedById: integer("issued_by_id").references(() => users.id),
    // Online sale: the payment at the provider, its advance receipt (JSON of
    // worker/payments/receipt.ts's Receipt), and the buyer's request key.
    provider: text("provider"),
    providerPaymentId: text("provider_payment_id"),
    confirmationUrl: text("confirmation_url"),
    receipt: text("receipt"),
    saleKey: text("sale_key"),
    endReason: text("end_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("certificates_code_unique").on(t.code),
    uniqueIndex("certificates_sale_key_unique").on(t.saleKey),
    uniqueIndex("certificates_provider_payment_unique").on(t.provider, t.providerPaymentId),
    index("certificates_buyer_idx").on(t.buyerUserId),
    check("certificates_balance_not_negative", sql`${t.balanceMinor} >= 0`),
  ],
);

export const certificateEntryKinds = ["spend", "return", "void", "refund", "adjust"] as const;

/** Every change of a certificate's balance, once per dedupe key (a booking, or a request). */
export const certificateLedger = sqliteTable(
  "certificate_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    certificateId: integer("certificate_id").notNull().references(() => certificates.id),
    bookingId: integer("booking_id").references(() => bookings.id),
    // Negative: spent or ended; positive: given back.
    amountMinor: integer("amount_minor").notNull(),
    kind: text("kind", { enum: certificateEntryKinds }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("certificate_ledger_dedupe_unique").on(t.dedupeKey), index("certificate_ledger_certificate_idx").on(t.certificateId)],
);

// certificates: the closing receipt (чек зачёта предоплаты) a completed visit
// owes for the part an online-sold certificate paid: the certificate's advance
// is settled against the service. One row per booking, sent at once and
// retried by the cron until the provider accepts it.
export const certificateSettlements = sqliteTable(
  "certificate_settlements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    certificateId: integer("certificate_id").notNull().references(() => certificates.id),
    amountMinor: integer("amount_minor").notNull(),
    status: text("status", { enum: receiptStatuses }).notNull().default("pending"),
    idempotenceKey: text("idempotence_key").notNull(),
    providerReceiptId: text("provider_receipt_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("certificate_settlements_booking_unique").on(t.bookingId), index("certificate_settlements_status_idx").on(t.status, t.updatedAt)],
);

// abonements: visit packages ("N visits of these services within M days") and
// memberships ("unlimited visits of these services for a month"). A sold
// abonement keeps a snapshot of its type (a later edit of the type changes
// nothing already sold). Its visits are counted from abonement_uses, one row
// per booking, inserted only by a guarded statement in the booking's write
// batch (worker/repo/abonements.ts), so racing bookings never take more
// visits than there are; a use is reserved at booking, spent on completion
// (or a late cancel / no-show), returned on a cancel in policy.
export const abonementKinds = ["visits", "unlimited"] as const;

export const abonementTypes = sqliteTable("abonement_types", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  kind: text("kind", { enum: abonementKinds }).notNull(),
  // visits: how many visits within validity_days; unlimited: both null (valid one calendar month).
  visitsCount: integer("visits_count"),
  validityDays: integer("validity_days"),
  // unlimited: at most one visit per salon day.
  oncePerDay: integer("once_per_day", { mode: "boolean" }).notNull().default(false),
  priceMinor: integer("price_minor").notNull(),
  currency: text("currency").notNull(),
  // Covered services (at least one) and masters (empty: every master).
  serviceIds: text("service_ids", { mode: "json" }).$type<number[]>().notNull(),
  staffIds: text("staff_ids", { mode: "json" }).$type<number[]>().notNull().default([]),
  // Holidays the holder may take in total (0: no freeze).
  freezeMaxDays: integer("freeze_max_days").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  // Offered in the PWA (GET /abonement-types); off: sold at the desk only.
  soldOnline: integer("sold_online", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// awaiting_payment: sold online, not paid yet; canceled: that payment failed.
// void/refunded: ended by the salon with a reason.
export const abonementStatuses = ["awaiting_payment", "active", "void", "refunded", "canceled"] as const;
export const abonementSellers = ["desk", "online"] as const;

export const abonements = sqliteTable(
  "abonements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    typeId: integer("type_id").references(() => abonementTypes.id),
    holderUserId: integer("holder_user_id").notNull().references(() => users.id),
    // The type as sold.
    name: text("name").notNull(),
    kind: text("kind", { enum: abonementKinds }).notNull(),
    visitsTotal: integer("visits_total"),
    validityDays: integer("validity_days"),
    oncePerDay: integer("once_per_day", { mode: "boolean" }).notNull().default(false),
    serviceIds: text("service_ids", { mode: "json" }).$type<number[]>().notNull(),
    staffIds: text("staff_ids", { mode: "json" }).$type<number[]>().notNull().default([]),
    freezeMaxDays: integer("freeze_max_days").notNull().default(0),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: abonementStatuses }).notNull(),
    // Set when it becomes active (at the desk sale, or when the online payment succeeds);
    // expires_at moves with extensions and freezes.
    startsAt: text("starts_at"),
    expiresAt: text("expires_at"),
    frozenDays: integer("frozen_days").notNull().default(0),
    soldBy: text("sold_by", { enum: abonementSellers }).notNull(),
    // The staff member who sold it at the desk.
    soldById: integer("sold_by_id").references(() => users.id),
    // Online sale: the payment at the provider, its advance receipt (JSON of
    // worker/payments/receipt.ts's Receipt), and the buyer's request key.
    provider: text("provider"),
    providerPaymentId: text("provider_payment_id"),
    confirmationUrl: text("confirmation_url"),
    receipt: text("receipt"),
    saleKey: text("sale_key"),
    endReason: text("end_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("abonements_sale_key_unique").on(t.saleKey),
    uniqueIndex("abonements_provider_payment_unique").on(t.provider, t.providerPaymentId),
    index("abonements_holder_idx").on(t.holderUserId),
    index("abonements_status_expires_idx").on(t.status, t.expiresAt),
  ],
);

export const abonementUseStatuses = ["reserved", "spent", "returned"] as const;

export const abonementUses = sqliteTable(
  "abonement_uses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    abonementId: integer("abonement_id").notNull().references(() => abonements.id),
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    // The visit's salon date (freezes and "one visit a day" are checked against it).
    visitDate: text("visit_date").notNull(),
    status: text("status", { enum: abonementUseStatuses }).notNull().default("reserved"),
    // What the abonement pays of the booking: the covered service's price (add-ons are paid as usual).
    coveredMinor: integer("covered_minor").notNull(),
    // The visit's share of the abonement's price (revenue, and the closing receipt of an online sale).
    valueMinor: integer("value_minor").notNull(),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("abonement_uses_booking_unique").on(t.bookingId), index("abonement_uses_abonement_idx").on(t.abonementId, t.status)],
);

/** A holiday: the abonement does not count these salon dates (expiry moves by `days`) and takes no bookings on them. */
export const abonementFreezes = sqliteTable(
  "abonement_freezes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    abonementId: integer("abonement_id").notNull().references(() => abonements.id),
    fromDate: text("from_date").notNull(),
    // Inclusive: from_date + days - 1.
    toDate: text("to_date").notNull(),
    days: integer("days").notNull(),
    reason: text("reason").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("abonement_freezes_abonement_idx").on(t.abonementId)],
);

// abonements: the closing receipt (чек зачёта предоплаты) a completed visit
// owes for its share of an online-sold abonement's advance; sent at once and
// retried by the cron, as certificate_settlements.
export const abonementSettlements = sqliteTable(
  "abonement_settlements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    abonementId: integer("abonement_id").notNull().references(() => abonements.id),
    amountMinor: integer("amount_minor").notNull(),
    status: text("status", { enum: receiptStatuses }).notNull().default("pending"),
    idempotenceKey: text("idempotence_key").notNull(),
    providerReceiptId: text("provider_receipt_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("abonement_settlements_booking_unique").on(t.bookingId), index("abonement_settlements_status_idx").on(t.status, t.updatedAt)],
);

// classes
export const classStatuses = ["scheduled", "cancelled"] as const;

/**
 * A scheduled session of a group service: one master, one interval, a number
 * of seats. The master's interval is held once, as the time block `block_id`
 * (claimed through the master's ledger); the seats are counted by the
 * session's own ledger (`class:<id>`), each seat a booking with class_id.
 * Sessions made together by weekly repetition share series_id.
 */
export const classSessions = sqliteTable(
  "class_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    serviceId: integer("service_id").notNull().references(() => services.id),
    staffId: integer("staff_id").notNull().references(() => staff.id),
    startAt: text("start_at").notNull(),
    endAt: text("end_at").notNull(),
    seats: integer("seats").notNull(),
    status: text("status", { enum: classStatuses }).notNull().default("scheduled"),
    seriesId: text("series_id"),
    blockId: integer("block_id").references(() => timeBlocks.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("class_sessions_start_idx").on(t.startAt),
    index("class_sessions_series_idx").on(t.seriesId),
    check("class_sessions_interval_order", sql`${t.startAt} < ${t.endAt}`),
    check("class_sessions_seats_positive", sql`${t.seats} > 0`),
  ],
);

/** Every change made through the back office: who, when, what, before and after (JSON). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: integer("entity_id"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId), index("audit_log_created_idx").on(t.createdAt)],
);

// manage: a customer's review of one completed visit, shown on the master's
// profile once the salon approves it.
export const reviewStatuses = ["pending", "approved", "hidden"] as const;

export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    staffId: integer("staff_id").notNull().references(() => staff.id),
    rating: integer("rating").notNull(),
    text: text("text").notNull().default(""),
    status: text("status", { enum: reviewStatuses }).notNull().default("pending"),
    createdAt: createdAt(),
    moderatedAt: text("moderated_at"),
  },
  (t) => [
    uniqueIndex("reviews_booking_unique").on(t.bookingId),
    index("reviews_staff_status_idx").on(t.staffId, t.status, t.createdAt),
    check("reviews_rating_range", sql`${t.rating} between 1 and 5`),
  ],
);
// waitlist
export const waitlistStates = ["waiting", "offered", "booked", "declined", "lapsed", "cancelled"] as const;

/**
 * A customer waiting for a service on a salon date (optionally with one master
 * and between two wall times). When a matching time is freed, the master's
 * ledger holds it for the first waiting entry (`offered`, until
 * offer_expires_at); the customer books it, declines it, or lets it lapse and
 * the hold passes on. Waiting and offered entries are first come, first served
 * by created_at, then id.
 */
export const waitlistEntries = sqliteTable(
  "waitlist_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    serviceId: integer("service_id").notNull().references(() => services.id),
    staffId: integer("staff_id").references(() => staff.id),
    date: text("date").notNull(),
    fromTime: text("from_time"),
    toTime: text("to_time"),
    state: text("state", { enum: waitlistStates }).notNull().default("waiting"),
    offerStaffId: integer("offer_staff_id").references(() => staff.id),
    offerStartAt: text("offer_start_at"),
    offerEndAt: text("offer_end_at"),
    offerExpiresAt: text("offer_expires_at"),
    bookingId: integer("booking_id").references(() => bookings.id),
    // classes: waiting for a seat of this session (its ledger holds the freed seat).
    classId: integer("class_id").references(() => classSessions.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("waitlist_entries_date_state_idx").on(t.date, t.state),
    index("waitlist_entries_user_idx").on(t.userId, t.date),
    index("waitlist_entries_offer_idx").on(t.offerStaffId, t.state, t.offerStartAt),
  ],
);

/** A browser's Web Push subscription (RFC 8030 endpoint + RFC 8291 keys) for a user. */
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("push_subscriptions_endpoint_unique").on(t.endpoint), index("push_subscriptions_user_idx").on(t.userId)],
);

// visits: several services booked as one visit. The row is written before any
// master's ledger is asked, so a worker that dies between ledgers leaves a
// `reserving` visit the cron (and a retry with the same key) settles: every
// item booked and active → `booked`, else each item is cancelled → `failed`.
// Customers see a visit's bookings only once it is `booked`.
export const visitStatuses = ["reserving", "booked", "failed"] as const;

export const visits = sqliteTable(
  "visits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: text("status", { enum: visitStatuses }).notNull(),
    // Each new try after a failed one gets fresh item keys (see worker/reservations/visit-create.ts).
    attempt: integer("attempt").notNull().default(1),
    itemCount: integer("item_count").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("visits_user_idempotency_unique").on(t.userId, t.idempotencyKey),
    index("visits_status_updated_idx").on(t.status, t.updatedAt),
  ],
);

// consent: legal texts the PWA shows (the consent to personal-data processing,
// the privacy policy), versioned: an admin's edit is a new version, old ones
// stay so a consent can always be traced to the exact text it agreed to.
export const legalDocumentKinds = ["consent", "privacy"] as const;
export type LegalDocumentKind = (typeof legalDocumentKinds)[number];

export const legalDocuments = sqliteTable(
  "legal_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: legalDocumentKinds }).notNull(),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("legal_documents_kind_version_unique").on(t.kind, t.version)],
);

// A person's consents, one row each time one is given. `kind` keeps the
// personal-data consent (152-FZ) apart from others (marketing per channel,
// 38-FZ, may be further kinds); `version` is the legal document's version
// that was shown. The IP is truncated (IPv4 /24, IPv6 /48) before it is stored.
export const consentKinds = ["personal_data"] as const;

export const consents = sqliteTable(
  "consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    kind: text("kind", { enum: consentKinds }).notNull(),
    version: integer("version").notNull(),
    givenAt: text("given_at").notNull(),
    ip: text("ip"),
    withdrawnAt: text("withdrawn_at"),
  },
  (t) => [index("consents_user_kind_idx").on(t.userId, t.kind, t.givenAt)],
);

// People who deleted their account, as keyed hashes (HMAC-SHA256 with
// JWT_SECRET) of their phone and email only: a YClients record of theirs is
// then imported without contact data instead of re-creating them. Removed when
// the person signs in again with consent.
export const deletedPeople = sqliteTable("deleted_people", {
  hash: text("hash").primaryKey(),
  deletedAt: text("deleted_at").notNull(),
});
// 38-FZ marketing consent, kept apart from the personal-data consent (the law
// forbids bundling them). Append-only: every grant and withdrawal is a row, the
// current state of a channel is its newest row (none = not consented).
export const marketingChannels = ["sms", "email", "push"] as const;
export const marketingConsentSources = ["profile", "unsubscribe_link", "admin"] as const;

export const marketingConsents = sqliteTable(
  "marketing_consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    channel: text("channel", { enum: marketingChannels }).notNull(),
    granted: integer("granted", { mode: "boolean" }).notNull(),
    source: text("source", { enum: marketingConsentSources }).notNull(),
    // The campaign whose unsubscribe link withdrew it, for the campaign's figures.
    campaignId: integer("campaign_id"),
    // The client's address with its host part zeroed: proof of where, not who.
    ip: text("ip"),
    changedAt: text("changed_at").notNull(),
  },
  (t) => [index("marketing_consents_user_channel_idx").on(t.userId, t.channel, t.id), index("marketing_consents_campaign_idx").on(t.campaignId)],
);

/** An advertising send the admin started: who it was for and what it said; its messages are outbox rows with its id. */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // The admin's Idempotency-Key: a repeated send (a double click, a retry) is the same campaign, never a second one.
    idempotencyKey: text("idempotency_key").notNull(),
    channel: text("channel", { enum: marketingChannels }).notNull(),
    text: text("text").notNull(),
    audience: text("audience", { mode: "json" }).notNull(),
    // Clients the filter matched, and how many of them had no consent on the channel (not queued).
    matched: integer("matched").notNull(),
    skippedNoConsent: integer("skipped_no_consent").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("campaigns_idempotency_unique").on(t.idempotencyKey)],
);

// series: a client booked by staff "every N weeks at the same time". The rule
// as asked is kept for the back office; each date is its own booking (with
// series_id), reserved through the master's ledger like any staff booking.
// (created_by, idempotency_key) makes a retried save find the first one.
export const bookingSeries = sqliteTable(
  "booking_series",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    createdBy: integer("created_by").notNull().references(() => users.id),
    serviceId: integer("service_id").notNull().references(() => services.id),
    staffId: integer("staff_id").notNull().references(() => staff.id),
    firstDate: text("first_date").notNull(),
    localTime: text("local_time").notNull(),
    everyWeeks: integer("every_weeks").notNull(),
    occurrenceCount: integer("occurrence_count").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("booking_series_creator_key_unique").on(t.createdBy, t.idempotencyKey),
    index("booking_series_user_idx").on(t.userId),
  ],
);

/**
 * promo: a discount code. Exactly one of percentOff (1–100) and amountOffMinor;
 * serviceIds/staffIds empty = every service/master; validFrom/validTo are salon
 * dates (inclusive, null = open); limits null = none.
 */
export const promoCodes = sqliteTable(
  "promo_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Stored upper-case: codes are matched case-insensitively.
    code: text("code").notNull(),
    percentOff: integer("percent_off"),
    amountOffMinor: integer("amount_off_minor"),
    serviceIds: text("service_ids", { mode: "json" }).$type<number[]>().notNull().default([]),
    staffIds: text("staff_ids", { mode: "json" }).$type<number[]>().notNull().default([]),
    validFrom: text("valid_from"),
    validTo: text("valid_to"),
    firstVisitOnly: integer("first_visit_only", { mode: "boolean" }).notNull().default(false),
    totalLimit: integer("total_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("promo_codes_code_unique").on(t.code),
    check("promo_codes_one_discount", sql`(${t.percentOff} is null) <> (${t.amountOffMinor} is null)`),
    check("promo_codes_percent_range", sql`${t.percentOff} is null or ${t.percentOff} between 1 and 100`),
    check("promo_codes_amount_positive", sql`${t.amountOffMinor} is null or ${t.amountOffMinor} > 0`),
  ],
);

/**
 * One use of a promo code: written in the booking's own write batch, only
 * while the code's limits allow it (discountMinor is NOT NULL and the insert
 * writes null past a limit, failing the batch). A cancel releases it.
 */
export const promoUses = sqliteTable(
  "promo_uses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    promoCodeId: integer("promo_code_id").notNull().references(() => promoCodes.id),
    // The dedupe key: one use per booking.
    bookingId: integer("booking_id").notNull().references(() => bookings.id),
    userId: integer("user_id").references(() => users.id),
    discountMinor: integer("discount_minor").notNull(),
    priceBeforeMinor: integer("price_before_minor").notNull(),
    currency: text("currency").notNull(),
    releasedAt: text("released_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("promo_uses_booking_unique").on(t.bookingId),
    index("promo_uses_code_idx").on(t.promoCodeId, t.userId),
  ],
);

/**
 * Rooms, chairs and machines a service needs besides a master: `units`
 * identical ones (three manicure tables, one laser). Each resource has its
 * own ledger (`resource:<id>`) that hands out units. `hours` (JSON, seven
 * entries Monday…Sunday, each `["HH:MM","HH:MM"]` or null for closed) limits
 * when it can be used; null = whenever a master works.
 */
export const resourceKinds = ["room", "equipment"] as const;
export const resources = sqliteTable(
  "resources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    kind: text("kind", { enum: resourceKinds }).notNull(),
    units: integer("units").notNull().default(1),
    hours: text("hours", { mode: "json" }).$type<([string, string] | null)[] | null>(),
    archivedAt: text("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("resources_units_positive", sql`${t.units} >= 1`)],
);

/** Days a resource cannot be used at all (repair, cleaning), inclusive salon dates. */
export const resourceClosures = sqliteTable(
  "resource_closures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    resourceId: integer("resource_id").notNull().references(() => resources.id),
    fromDate: text("from_date").notNull(),
    toDate: text("to_date").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    index("resource_closures_resource_idx").on(t.resourceId, t.fromDate),
    check("resource_closures_order", sql`${t.fromDate} <= ${t.toDate}`),
  ],
);

/** Which resources a service needs (one unit of each, for the whole occupied interval). */
export const serviceResources = sqliteTable(
  "service_resources",
  {
    serviceId: integer("service_id").notNull().references(() => services.id),
    resourceId: integer("resource_id").notNull().references(() => resources.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.resourceId] }), index("service_resources_resource_idx").on(t.resourceId)],
);

/**
 * Which unit of which resource a booking holds, written in the same batch as
 * the booking; its interval is the booking's own (start_at to end_at).
 */
export const bookingResources = sqliteTable(
  "booking_resources",
  {
    bookingId: integer("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    resourceId: integer("resource_id").notNull().references(() => resources.id),
    unit: integer("unit").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.resourceId] }), index("booking_resources_resource_idx").on(t.resourceId, t.unit)],
);

/** YClients resource instances, mapped by the admin to one of our resources and a unit. */
export const yclientsResourceInstances = sqliteTable("yclients_resource_instances", {
  instanceId: integer("instance_id").primaryKey(),
  resourceId: integer("resource_id").notNull().references(() => resources.id),
  unit: integer("unit").notNull(),
});
