// The parts of YClients' answers and webhooks we read. Objects tolerate
// unknown fields (valibot drops them); numbers that YClients sometimes sends
// as strings are accepted either way.
import * as v from "valibot";

/** Ids and counts: safe integers only, so 1e300 or 1.5 never reaches an INTEGER column as REAL. */
export const Int = v.union([
  v.pipe(v.number(), v.safeInteger()),
  v.pipe(v.string(), v.regex(/^-?\d{1,15}$/), v.transform(Number), v.safeInteger()),
]);
const Num = v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/), v.transform(Number))]);
/** 1/0, true/false, "1"/"0". */
export const Flag = v.pipe(
  v.union([v.boolean(), v.number(), v.string()]),
  v.transform((x) => x === true || x === 1 || x === "1" || x === "true"),
);
const Text = v.optional(v.nullable(v.string()));

export const Envelope = v.object({
  success: v.boolean(),
  data: v.unknown(),
  meta: v.optional(v.unknown()),
});

export const ListMeta = v.object({
  total_count: v.optional(Int),
  message: v.optional(v.string()),
});

export const BookTime = v.object({
  time: v.pipe(v.string(), v.regex(/^\d{2}:\d{2}$/)),
  seance_length: Int,
  sum_length: v.optional(Int),
  datetime: v.string(),
});
export type BookTime = v.InferOutput<typeof BookTime>;

export const YcService = v.object({
  id: Int,
  title: v.string(),
  category_id: v.optional(v.nullable(Int)),
  price_min: v.optional(v.nullable(Num)),
  price_max: v.optional(v.nullable(Num)),
  duration: v.optional(v.nullable(Int)),
  active: v.optional(Flag, true),
  staff: v.optional(v.array(v.object({ id: Int, seance_length: v.optional(v.nullable(Int)) })), []),
});
export type YcService = v.InferOutput<typeof YcService>;

export const YcStaff = v.object({
  id: Int,
  name: v.string(),
  specialization: Text,
  avatar: Text,
  bookable: v.optional(Flag, true),
  fired: v.optional(Flag, false),
  hidden: v.optional(Flag, false),
});
export type YcStaff = v.InferOutput<typeof YcStaff>;

export const YcRecord = v.object({
  id: Int,
  staff_id: v.optional(v.nullable(Int)),
  staff: v.optional(v.nullable(v.object({ id: v.optional(v.nullable(Int)), name: Text }))),
  services: v.optional(v.nullable(v.array(v.object({ id: Int, title: Text, cost: v.optional(v.nullable(Num)) }))), []),
  client: v.optional(
    v.nullable(
      v.object({
        name: Text,
        phone: v.optional(v.nullable(v.union([v.string(), v.pipe(v.number(), v.transform(String))]))),
        email: Text,
      }),
    ),
  ),
  datetime: Text,
  date: Text,
  seance_length: v.optional(v.nullable(Int)),
  length: v.optional(v.nullable(Int)),
  comment: Text,
  attendance: v.optional(v.nullable(Int)),
  visit_attendance: v.optional(v.nullable(Int)),
  deleted: v.optional(Flag, false),
  create_date: Text,
  last_change_date: Text,
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
