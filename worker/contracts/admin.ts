// Back-office requests and answers under /api/v1/admin, shared by the worker
// and the /admin screens. Money goes in as integer minor units in the salon's
// currency; times as salon wall time ("2026-12-01T10:00") or instants.
import * as v from "valibot";
import { AbonementMoney } from "./abonements.js";
import { ConsentStatus, Phone } from "./auth.js";
import { AppointmentDateTime, Booking } from "./bookings.js";
import { BookingMethod, Money, Prepayment, Salon } from "./catalog.js";
import { BodyId, CalendarDate, MoneyMinor, SortOrder, WallTime } from "./common.js";
import { Payment } from "./payments.js";

const Id = BodyId;
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(100));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max, `at most ${max} characters`));
const MinorUnits = MoneyMinor;
const Minutes = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** Who issues the salon's fiscal receipts (db/schema.ts receiptIssuers). */
const receiptIssuers = ["yookassa", "own_till"] as const;
/** Where start times count from (db/schema.ts slotGrids; worker/booking/README.md, "Grid"). */
const slotGrids = ["period_start", "clock"] as const;
const NumberText = (name: string) => v.pipe(v.string(), v.regex(/^\d+$/, `${name} must be a number`), v.transform(Number));

/** Every list takes ?limit= (1–200, default 50) and ?offset=. */
export const PageQuery = {
  limit: v.optional(v.pipe(NumberText("limit"), v.minValue(1), v.maxValue(200, "limit is at most 200")), "50"),
  offset: v.optional(NumberText("offset"), "0"),
};
export const ListQuery = v.object(PageQuery);

/** POST …/reorder: the ids in their new order; sort_order becomes the position. */
export const ReorderBody = v.object({ ids: v.pipe(v.array(Id), v.minLength(1), v.maxLength(500)) });

// ── categories: GET/POST /admin/categories, PATCH/DELETE /admin/categories/{id}, POST /admin/categories/reorder
export const AdminCategory = v.object({ id: v.number(), name: v.string(), sort_order: v.number(), active: v.boolean() });
export type AdminCategory = v.InferOutput<typeof AdminCategory>;
export const CreateCategoryBody = v.object({ name: Name, sort_order: v.optional(SortOrder) });
export const UpdateCategoryBody = v.object({
  name: v.optional(Name),
  sort_order: v.optional(SortOrder),
  active: v.optional(v.boolean()),
});

// ── services and add-ons (add-ons are services with is_addon): GET/POST /admin/services,
//    GET/PATCH/DELETE /admin/services/{id}, POST /admin/services/reorder. ?include_inactive=true on GET.
export const AdminService = v.object({
  id: v.number(),
  name: v.string(),
  description: v.nullable(v.string()),
  category_id: v.nullable(v.number()),
  duration_min: v.number(),
  buffer_after_min: v.number(),
  price: Money,
  prepayment: Prepayment,
  /** "yclients" exactly when yclients_service_id is set. */
  booking_method: BookingMethod,
  yclients_service_id: v.nullable(v.number()),
  is_addon: v.boolean(),
  /** A group class: booked by the seat in scheduled sessions (/admin/classes). */
  is_class: v.boolean(),
  /** Seats a new session of the class starts with (null: not a class, or none set). */
  default_seats: v.nullable(v.number()),
  /** For a main service: the add-ons a customer may add to it. */
  addon_ids: v.array(v.number()),
  /** Rooms and machines a booking of it needs one unit of each (/admin/resources). */
  resource_ids: v.array(v.number()),
  active: v.boolean(),
  sort_order: v.number(),
  updated_at: v.string(),
});
export type AdminService = v.InferOutput<typeof AdminService>;

const PrepaymentInput = v.pipe(
  v.object({
    kind: v.picklist(["none", "deposit_fixed", "deposit_percent", "full"], "prepayment.kind is none, deposit_fixed, deposit_percent or full"),
    value: v.optional(MoneyMinor, 0),
  }),
  v.check((p) => p.kind !== "deposit_percent" || (p.value >= 1 && p.value <= 100), "a deposit_percent is 1–100"),
  v.check((p) => p.kind !== "deposit_fixed" || p.value >= 1, "a deposit_fixed needs an amount in minor units"),
);

const ServiceFields = {
  name: Name,
  description: v.nullable(Text(2000)),
  category_id: v.nullable(Id),
  duration_min: Minutes(5, 24 * 60),
  buffer_after_min: Minutes(0, 240),
  price_minor: MinorUnits,
  prepayment: PrepaymentInput,
  /** null: booked by our engine; a YClients service id: booked in the YClients widget. */
  yclients_service_id: v.nullable(Id),
  addon_ids: v.pipe(v.array(Id), v.maxLength(50)),
  sort_order: SortOrder,
  default_seats: v.nullable(v.pipe(v.number(), v.integer("default_seats is a whole number"), v.minValue(1), v.maxValue(500))),
};

export const CreateServiceBody = v.object({
  name: ServiceFields.name,
  description: v.optional(ServiceFields.description, null),
  category_id: v.optional(ServiceFields.category_id, null),
  duration_min: ServiceFields.duration_min,
  buffer_after_min: v.optional(ServiceFields.buffer_after_min, 0),
  price_minor: ServiceFields.price_minor,
  prepayment: v.optional(ServiceFields.prepayment, { kind: "none", value: 0 }),
  yclients_service_id: v.optional(ServiceFields.yclients_service_id, null),
  is_addon: v.optional(v.boolean(), false),
  is_class: v.optional(v.boolean(), false),
  default_seats: v.optional(ServiceFields.default_seats, null),
  addon_ids: v.optional(ServiceFields.addon_ids, []),
  sort_order: v.optional(ServiceFields.sort_order),
});
export type CreateServiceBody = v.InferOutput<typeof CreateServiceBody>;

export const UpdateServiceBody = v.object({
  name: v.optional(ServiceFields.name),
  description: v.optional(ServiceFields.description),
  category_id: v.optional(ServiceFields.category_id),
  duration_min: v.optional(ServiceFields.duration_min),
  buffer_after_min: v.optional(ServiceFields.buffer_after_min),
  price_minor: v.optional(ServiceFields.price_minor),
  prepayment: v.optional(ServiceFields.prepayment),
  yclients_service_id: v.optional(ServiceFields.yclients_service_id),
  addon_ids: v.optional(ServiceFields.addon_ids),
  /** Replaces the resources (rooms, machines) the service needs. */
  resource_ids: v.optional(v.pipe(v.array(Id), v.maxLength(10, "at most 10 resources"))),
  sort_order: v.optional(ServiceFields.sort_order),
  is_class: v.optional(v.boolean()),
  default_seats: v.optional(ServiceFields.default_seats),
  /** true brings a deactivated service back; DELETE deactivates. */
  active: v.optional(v.boolean()),
});
export type UpdateServiceBody = v.InferOutput<typeof UpdateServiceBody>;

// ── masters: GET/POST /admin/staff, GET/PATCH/DELETE /admin/staff/{id}, POST /admin/staff/reorder
//    (schedules and exceptions stay at /admin/staff/{id}/schedule and /exceptions)
/** A service the master does, with the master's own price/duration when they differ from the service's. */
export const StaffServiceLink = v.object({
  service_id: Id,
  price_minor: v.optional(v.nullable(MinorUnits), null),
  duration_min: v.optional(v.nullable(Minutes(5, 24 * 60)), null),
});
export type StaffServiceLink = v.InferOutput<typeof StaffServiceLink>;

export const AdminStaff = v.object({
  id: v.number(),
  name: v.string(),
  specialization: v.nullable(v.string()),
  photo_url: v.nullable(v.string()),
  bio: v.nullable(v.string()),
  yclients_staff_id: v.nullable(v.number()),
  active: v.boolean(),
  sort_order: v.number(),
  /** The master's sign-in account (role staff), which also receives their booking messages. */
  user: v.nullable(v.object({ id: v.number(), phone: v.string(), email: v.nullable(v.string()) })),
  services: v.array(v.object({ service_id: v.number(), price_minor: v.nullable(v.number()), duration_min: v.nullable(v.number()) })),
  updated_at: v.string(),
});
export type AdminStaff = v.InferOutput<typeof AdminStaff>;

// Shown as <img src> to every customer: only https (no javascript:, data:, ftp: or plain http). The salon has no uploads of its own.
const PhotoUrl = v.nullable(
  v.pipe(v.string(), v.maxLength(500), v.url("photo_url must be a URL"), v.regex(/^https:\/\/[^/\s]/i, "photo_url must be an https:// link")),
);
const Email = v.nullable(v.pipe(v.string(), v.trim(), v.email("email must be an address"), v.maxLength(200)));
const StaffServices = v.pipe(v.array(StaffServiceLink), v.maxLength(200));

export const CreateStaffBody = v.object({
  name: Name,
  specialization: v.optional(v.nullable(Text(200)), null),
  photo_url: v.optional(PhotoUrl, null),
  bio: v.optional(v.nullable(Text(2000)), null),
  /** Links (or creates) the master's account with this phone; it gets role staff. */
  phone: v.optional(v.nullable(Phone), null),
  email: v.optional(Email, null),
  /** The phone may be an existing account's (a customer's, an admin's): true links it (an admin stays admin); without it that is 409 phone_belongs_to_user. */
  link_existing: v.optional(v.boolean(), false),
  services: v.optional(StaffServices, []),
  sort_order: v.optional(SortOrder),
});
export type CreateStaffBody = v.InferOutput<typeof CreateStaffBody>;

export const UpdateStaffBody = v.object({
  name: v.optional(Name),
  specialization: v.optional(v.nullable(Text(200))),
  photo_url: v.optional(PhotoUrl),
  bio: v.optional(v.nullable(Text(2000))),
  phone: v.optional(v.nullable(Phone)),
  email: v.optional(Email),
  link_existing: v.optional(v.boolean(), false),
  /** Replaces the whole list. */
  services: v.optional(StaffServices),
  sort_order: v.optional(SortOrder),
  active: v.optional(v.boolean()),
});
export type UpdateStaffBody = v.InferOutput<typeof UpdateStaffBody>;

// ── settings: GET/PATCH /admin/settings (GET /salon follows them)
/** What customers see of the salon (`GET /salon`), plus what only the salon sets. */
export const AdminSettings = v.object({
  ...Salon.entries,
  /** "period_start": start times count from each working period's start; "clock": multiples of the step from midnight. */
  slot_grid: v.picklist(slotGrids),
  min_notice_min: v.number(),
  horizon_days: v.number(),
  opening_hours: v.nullable(v.string()),
  map_url: v.nullable(v.string()),
  hold_ttl_min: v.number(),
  /** How long a freed time is held for a waiting customer. */
  waitlist_hold_min: v.number(),
  yclients_fallback: v.boolean(),
  loyalty_earn_percent: v.number(),
  loyalty_max_spend_percent: v.number(),
  // manage: reminders a day and two hours before a visit
  reminder_24h: v.boolean(),
  reminder_2h: v.boolean(),
  // consent: the salon as the operator of personal data, shown above the consent text.
  operator_legal_name: v.nullable(v.string()),
  operator_inn: v.nullable(v.string()),
  operator_ogrn: v.nullable(v.string()),
  operator_address: v.nullable(v.string()),
  operator_email: v.nullable(v.string()),
  // receipts (54-FZ): on/off, who issues them, VAT code (1–12; 1 = without VAT), tax system (1–6, or none)
  receipts_enabled: v.boolean(),
  receipts_issuer: v.picklist(receiptIssuers),
  receipt_vat_code: v.number(),
  receipt_tax_system_code: v.nullable(v.number()),
  // Abuse limits (README, Security)
  /** ISO 3166 codes of the countries whose numbers get sign-in codes and booking messages. */
  phone_countries: v.array(v.string()),
  /** Sign-in codes by SMS per hour salon-wide; past it they go by email or wait. */
  sms_hourly_budget: v.number(),
  /** Per customer account: future bookings not cancelled, held ones among them, open waitlist entries. */
  max_active_bookings: v.number(),
  max_held_bookings: v.number(),
  max_waitlist_entries: v.number(),
  /** abonements: a no-show spends the abonement's visit (false: gives it back). */
  abonement_no_show_spends: v.boolean(),
  updated_at: v.string(),
});
export type AdminSettings = v.InferOutput<typeof AdminSettings>;

export const UpdateSettingsBody = v.object({
  name: v.optional(Name),
  address: v.optional(v.nullable(Text(300))),
  phone: v.optional(v.nullable(Phone)),
  /** An IANA zone such as Europe/Moscow. */
  time_zone: v.optional(v.pipe(v.string(), v.maxLength(64))),
  slot_step_min: v.optional(v.picklist([5, 10, 15, 20, 30, 60], "slot_step_min is 5, 10, 15, 20, 30 or 60")),
  /** "period_start" (the default): 12:15–18:00 by 30 gives 12:15, 12:45…; "clock": 12:30, 13:00… (an off-grid period start is not offered). */
  slot_grid: v.optional(v.picklist(slotGrids, "slot_grid is period_start or clock")),
  min_notice_min: v.optional(Minutes(0, 7 * 24 * 60)),
  horizon_days: v.optional(Minutes(1, 365)),
  hold_ttl_min: v.optional(Minutes(2, 120)),
  waitlist_hold_min: v.optional(Minutes(2, 120)),
  cancellation_window_hours: v.optional(Minutes(0, 720)),
  refund_full_hours: v.optional(Minutes(0, 720)),
  refund_late_percent: v.optional(Minutes(0, 100)),
  yclients_fallback: v.optional(v.boolean()),
  loyalty_earn_percent: v.optional(Minutes(0, 100)),
  loyalty_max_spend_percent: v.optional(Minutes(0, 100)),
  opening_hours: v.optional(v.nullable(Text(200))),
  map_url: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(500), v.url("map_url must be a link"), v.regex(/^https?:\/\//, "map_url must start with http:// or https://")))),
  reminder_24h: v.optional(v.boolean()),
  reminder_2h: v.optional(v.boolean()),
  operator_legal_name: v.optional(v.nullable(Text(300))),
  /** ИНН: 10 digits (an organisation) or 12 (an individual entrepreneur). */
  operator_inn: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^(\d{10}|\d{12})$/, "ИНН — 10 или 12 цифр / operator_inn is 10 or 12 digits")))),
  /** ОГРН 13 digits, ОГРНИП 15. */
  operator_ogrn: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^(\d{13}|\d{15})$/, "ОГРН — 13 цифр, ОГРНИП — 15 / operator_ogrn is 13 or 15 digits")))),
  operator_address: v.optional(v.nullable(Text(300))),
  operator_email: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(254), v.email("operator_email must be an email address")))),
  receipts_enabled: v.optional(v.boolean()),
  /** "yookassa": YooKassa's receipts service (mails receipts: customers give an email); "own_till": the shop's online till (email or phone). */
  receipts_issuer: v.optional(v.picklist(receiptIssuers, "receipts_issuer is yookassa or own_till")),
  /** YooKassa's vat_code: 1 without VAT … 12 (yookassa.ru/developers/54fz/parameters-values). */
  receipt_vat_code: v.optional(Minutes(1, 12)),
  /** YooKassa's tax_system_code 1–6, only where the shop has several tax systems; null sends none. */
  receipt_tax_system_code: v.optional(v.nullable(Minutes(1, 6))),
  /** abonements: whether a no-show spends the abonement's visit (the default) or gives it back. */
  abonement_no_show_spends: v.optional(v.boolean()),
  phone_countries: v.optional(v.pipe(
    v.array(v.pipe(v.string(), v.toUpperCase(), v.regex(/^[A-Z]{2}$/, "phone_countries are ISO 3166 codes such as RU"))),
    v.minLength(1, "at least one country"),
    v.maxLength(50),
  )),
  sms_hourly_budget: v.optional(Minutes(1, 100_000)),
  max_active_bookings: v.optional(Minutes(1, 100)),
  max_held_bookings: v.optional(Minutes(1, 100)),
  max_waitlist_entries: v.optional(Minutes(1, 100)),
});
export type UpdateSettingsBody = v.InferOutput<typeof UpdateSettingsBody>;

// ── clients: GET /admin/clients?q=&limit=&offset=, GET /admin/clients/{id}, PATCH /admin/clients/{id} {notes}
export const ClientsQuery = v.object({
  /** Part of a phone (digits) or of a name, case-insensitive. */
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  ...PageQuery,
});

export const ClientSummary = v.object({
  id: v.number(),
  phone: v.string(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  visits: v.number(),
  last_visit_at: v.nullable(v.string()),
});
export type ClientSummary = v.InferOutput<typeof ClientSummary>;

export const ClientProfile = v.object({
  id: v.number(),
  phone: v.string(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  notes: v.nullable(v.string()),
  created_at: v.string(),
});

export const ClientCard = v.object({
  client: ClientProfile,
  /** completed visits, their total price, no-shows, cancellations, visits still ahead */
  totals: v.object({ visits: v.number(), total_spent: Money, no_shows: v.number(), cancellations: v.number(), upcoming: v.number() }),
  loyalty_points: v.number(),
  /** consent: the personal-data consent (version given, the one in force). */
  consent: ConsentStatus,
  /** The admin waived the no-show deposit policy for this client (PUT /admin/deposit-policy/waivers/{id}). */
  deposit_waived: v.boolean(),
  /** Newest first; ?limit=&offset= page them. */
  bookings: v.array(Booking),
});
export type ClientCard = v.InferOutput<typeof ClientCard>;

export const UpdateClientBody = v.object({ notes: v.nullable(Text(5000)) });

// ── time blocks: GET /admin/blocks?from=&to=&staff_id=, POST /admin/blocks, DELETE /admin/blocks/{id}
//    Masters may block and unblock their own time; admins anyone's. A block goes through the master's
//    ledger like a booking: 409 slot_taken when it overlaps a booking or another block.
export const TimeBlock = v.object({
  id: v.number(),
  staff_id: v.number(),
  start_at: v.string(),
  end_at: v.string(),
  local_date: v.string(),
  local_start: v.string(),
  local_end: v.string(),
  reason: v.nullable(v.string()),
  created_by: v.nullable(v.number()),
  created_at: v.string(),
});
export type TimeBlock = v.InferOutput<typeof TimeBlock>;

export const CreateBlockBody = v.object({
  staff_id: Id,
  start: AppointmentDateTime,
  end: AppointmentDateTime,
  reason: v.optional(v.nullable(Text(200)), null),
});
export type CreateBlockBody = v.InferOutput<typeof CreateBlockBody>;

export const BlocksQuery = v.object({
  from: CalendarDate,
  to: CalendarDate,
  staff_id: v.optional(NumberText("staff_id")),
});

// ── calendar: GET /admin/calendar?date=&days=1..14&staff_id=1,2 (masters: their own only)
export const CalendarQuery = v.object({
  date: CalendarDate,
  days: v.optional(v.pipe(NumberText("days"), v.minValue(1), v.maxValue(14, "days is at most 14")), "1"),
  /** Comma-separated master ids; all active masters when absent. */
  staff_id: v.optional(v.pipe(v.string(), v.regex(/^\d+(,\d+)*$/, "staff_id is a comma-separated list of ids"))),
});

export const CalendarDay = v.object({
  date: CalendarDate,
  /** Working hours that day after exceptions; null = not working. */
  hours: v.nullable(v.object({ start_time: WallTime, end_time: WallTime })),
  breaks: v.array(v.object({ start_time: WallTime, end_time: WallTime })),
  /** Why the master is off, when an exception says so. */
  exception: v.nullable(v.object({ id: v.number(), kind: v.picklist(["day_off", "vacation", "custom_hours"]), note: v.nullable(v.string()) })),
});

export const Calendar = v.object({
  time_zone: v.string(),
  from: CalendarDate,
  to: CalendarDate,
  staff: v.array(v.object({ id: v.number(), name: v.string(), days: v.array(CalendarDay) })),
  bookings: v.array(Booking),
  blocks: v.array(TimeBlock),
});
export type Calendar = v.InferOutput<typeof Calendar>;

// ── booking side panel: GET /admin/bookings/{id} (the booking's master may read it too)
export const Refund = v.object({
  id: v.number(),
  payment_id: v.number(),
  amount: Money,
  status: v.picklist(["pending", "succeeded", "canceled"]),
  reason: v.string(),
  created_at: v.string(),
});

export const AuditEntry = v.object({
  id: v.number(),
  at: v.string(),
  actor: v.nullable(v.object({ id: v.number(), name: v.nullable(v.string()), role: v.string() })),
  /** create, update, deactivate, delete, reorder, cancel, reschedule, complete, no_show … */
  action: v.string(),
  /** service, category, staff, settings, client, block, booking, schedule, exception … */
  entity: v.string(),
  entity_id: v.nullable(v.number()),
  before: v.nullable(v.unknown()),
  after: v.nullable(v.unknown()),
});
export type AuditEntry = v.InferOutput<typeof AuditEntry>;

/**
 * receipts (54-FZ): a fiscal receipt of one of the booking's payments — the
 * one sent with the payment, a partial refund's, or the closing one after the
 * visit — and where it stands: sent, pending (waiting or being retried), or
 * failed with the provider's reason.
 */
export const FiscalReceipt = v.object({
  payment_id: v.number(),
  kind: v.picklist(["payment", "refund", "settlement"]),
  status: v.picklist(["sent", "pending", "failed"]),
  amount: Money,
  error: v.nullable(v.string()),
  attempts: v.number(),
});
export type FiscalReceipt = v.InferOutput<typeof FiscalReceipt>;

/**
 * onepay: a booking's money at a glance, integer minor units in `currency`.
 * `left_to_pay_minor` is the price less discount, certificate, abonement,
 * points and what was paid online: what the desk collects. A booking paid with
 * its visit counts its own share of the visit's one payment (`visit_payment`
 * names it).
 */
export const MoneySummary = v.object({
  currency: v.string(),
  price_minor: v.number(),
  discount_minor: v.number(),
  certificate_minor: v.number(),
  /** abonements: the abonement paying the service, its visit's share and state; null when none does. */
  abonement: v.nullable(AbonementMoney),
  points_minor: v.number(),
  prepayment_minor: v.number(),
  paid_online_minor: v.number(),
  left_to_pay_minor: v.number(),
  refunded_minor: v.number(),
  refund_pending_minor: v.number(),
  visit_payment: v.nullable(v.object({ visit_id: v.number(), payment_id: v.number(), amount_minor: v.number(), items: v.number() })),
});
export type MoneySummary = v.InferOutput<typeof MoneySummary>;

export const BookingDetail = v.object({
  booking: Booking,
  client: v.nullable(v.object({ id: v.number(), name: v.nullable(v.string()), phone: v.string(), notes: v.nullable(v.string()) })),
  payments: v.array(Payment),
  refunds: v.array(Refund),
  receipts: v.array(FiscalReceipt),
  money_summary: MoneySummary,
  /** Changes made through the API, oldest first (from the audit log). */
  history: v.array(AuditEntry),
});
export type BookingDetail = v.InferOutput<typeof BookingDetail>;

// ── audit: GET /admin/audit?entity=&entity_id=&actor_id=&limit=&offset=, newest first
export const AuditQuery = v.object({
  entity: v.optional(v.pipe(v.string(), v.maxLength(40))),
  entity_id: v.optional(NumberText("entity_id")),
  actor_id: v.optional(NumberText("actor_id")),
  ...PageQuery,
});

/** Lists answer with the page they are: {items…, limit, offset, total}. */
export const Page = { limit: v.number(), offset: v.number(), total: v.number() };

export const CategoryList = v.object({ categories: v.array(AdminCategory) });
export const ServiceAdminList = v.object({ services: v.array(AdminService), ...Page });
export const StaffAdminList = v.object({ staff: v.array(AdminStaff), ...Page });
export const ClientList = v.object({ clients: v.array(ClientSummary), ...Page });
export const BlockList = v.object({ blocks: v.array(TimeBlock) });
export const AuditList = v.object({ entries: v.array(AuditEntry), ...Page });

// Single records answer wrapped in their name, e.g. {service: …}.
export const CategoryEnvelope = v.object({ category: AdminCategory });
export const ServiceAdminEnvelope = v.object({ service: AdminService });
export const StaffAdminEnvelope = v.object({ staff: AdminStaff });
export const SettingsEnvelope = v.object({ settings: AdminSettings });
export const ClientEnvelope = v.object({ client: ClientProfile });
export const BlockEnvelope = v.object({ block: TimeBlock });
export const RemovedBlock = v.object({ block: TimeBlock, removed_at: v.string() });
/** A write with nothing more to say (reordering services or masters). */
export const Done = v.object({ ok: v.literal(true) });
