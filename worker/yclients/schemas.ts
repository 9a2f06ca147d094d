// The parts of YClients' answers and webhooks we read. Objects tolerate
// unknown fields (valibot drops them). YClients sends numbers as strings,
// flags as 0/1, "1" or booleans, empty objects as [] and phones as numbers:
// all are coerced here, at the edge.
import * as v from "valibot";

/** Ids and counts: safe integers only, so 1e300 or 1.5 never reaches an INTEGER column as REAL. */
export const Int = v.union([
  v.pipe(v.number(), v.safeInteger()),
  v.pipe(v.string(), v.trim(), v.regex(/^-?\d{1,15}$/), v.transform(Number), v.safeInteger()),
]);
const Num = v.union([v.pipe(v.number(), v.finite()), v.pipe(v.string(), v.trim(), v.regex(/^-?\d+(\.\d+)?$/), v.transform(Number))]);
/** 1/0, true/false, "1"/"0". */
export const Flag = v.pipe(
  v.union([v.boolean(), v.number(), v.string()]),
  v.transform((x) => x === true || x === 1 || x === "1" || x === "true"),
);
const Text = v.optional(v.nullable(v.string()));
/** A date value: ISO text (any offset form) or unix seconds; read by ycInstant. */
export const DateValue = v.optional(v.nullable(v.union([v.string(), v.pipe(v.number(), v.safeInteger())])));
/** Phones arrive as "79991234567", 79991234567, "+7 999 123-45-67". */
const Phone = v.optional(v.nullable(v.union([v.string(), v.pipe(v.number(), v.safeInteger(), v.transform(String))])));

/** The usual envelope; some errors come as `{errors, meta}` without `success`. */
export const Envelope = v.object({
  success: v.optional(v.boolean()),
  data: v.optional(v.unknown()),
  meta: v.optional(v.unknown()),
  errors: v.optional(v.unknown()),
});

/** `meta` is an object, or `[]` when there is nothing to say (no total then). */
export const ListMeta = v.object({
  total_count: v.optional(Int),
  message: v.optional(v.string()),
});

export const BookTime = v.object({
  time: v.pipe(v.string(), v.regex(/^\d{2}:\d{2}$/)),
  seance_length: Int,
  sum_length: v.optional(Int),
  datetime: v.union([v.string(), v.pipe(v.number(), v.safeInteger())]),
});
export type BookTime = v.InferOutput<typeof BookTime>;

export const BookDates = v.object({
  booking_days: v.optional(v.union([v.record(v.string(), v.array(Int)), v.array(v.unknown())])),
  booking_dates: v.optional(v.array(v.union([v.string(), v.pipe(v.number(), v.safeInteger())])), []),
});

export const YcService = v.object({
  id: Int,
  title: v.string(),
  category_id: v.optional(v.nullable(Int)),
  price_min: v.optional(v.nullable(Num)),
  price_max: v.optional(v.nullable(Num)),
  /** Seconds; missing in YClients' own samples, 3600 by default. */
  duration: v.optional(v.nullable(Int)),
  /** 1 = bookable online, 0 = not; absent counts as bookable. */
  service_type: v.optional(v.nullable(Int)),
  active: v.optional(Flag, true),
  staff: v.optional(v.array(v.object({ id: Int, seance_length: v.optional(v.nullable(Int)) })), []),
});
export type YcService = v.InferOutput<typeof YcService>;

export const YcStaff = v.object({
  id: Int,
  name: v.string(),
  specialization: Text,
  avatar: Text,
  fired: v.optional(Flag, false),
  hidden: v.optional(Flag, false),
  /** 1 = deleted in YClients. */
  status: v.optional(v.nullable(Int)),
});
export type YcStaff = v.InferOutput<typeof YcStaff>;

export const YcClient = v.object({
  name: Text,
  surname: Text,
  patronymic: Text,
  display_name: Text,
  phone: Phone,
  email: Text,
});

export const YcRecord = v.object({
  id: Int,
  company_id: v.optional(v.nullable(Int)),
  staff_id: v.optional(v.nullable(Int)),
  staff: v.optional(v.nullable(v.object({ id: v.optional(v.nullable(Int)), name: Text }))),
  services: v.optional(v.nullable(v.array(v.object({ id: Int, title: Text, cost: v.optional(v.nullable(Num)) }))), []),
  client: v.optional(v.nullable(YcClient)),
  datetime: DateValue,
  date: Text,
  seance_length: v.optional(v.nullable(Int)),
  length: v.optional(v.nullable(Int)),
  comment: Text,
  attendance: v.optional(v.nullable(Int)),
  visit_attendance: v.optional(v.nullable(Int)),
  deleted: v.optional(Flag, false),
  create_date: DateValue,
  last_change_date: DateValue,
  /** The resource instances (rooms, machines) the record takes in YClients. */
  resource_instance_ids: v.optional(v.nullable(v.array(Int)), []),
});
export type YcRecord = v.InferOutput<typeof YcRecord>;

export const WebhookEvent = v.object({
  company_id: v.optional(Int),
  resource: v.string(),
  resource_id: Int,
  status: v.string(),
  data: v.optional(v.unknown()),
});
export type WebhookEvent = v.InferOutput<typeof WebhookEvent>;

/** `GET /company/{id}?showBookforms=1`: the booking forms' addresses. */
export const CompanyBookforms = v.object({
  bookforms: v.optional(v.array(v.object({ id: v.optional(Int), url: v.optional(v.nullable(v.string())), is_default: v.optional(Flag, false) })), []),
});

/** `POST /book_record`: one entry per appointment. */
export const BookRecordAnswer = v.array(v.object({ id: v.optional(Int), record_id: Int, record_hash: v.string() }));
