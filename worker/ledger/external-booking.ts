// A booking owned by an outside system (today: a YClients record), resolved
// to our ids, as a master's ledger takes it. Checked again at the Durable
// Object's door. The ledger knows nothing of the channel behind it.
import * as v from "valibot";
import { bookingStatuses } from "../../db/schema.js";

const Id = v.pipe(v.number(), v.integer(), v.minValue(1));
const Instant = v.pipe(v.string(), v.isoTimestamp());

export const ExternalBooking = v.pipe(
  v.object({
    recordId: Id,
    staffId: v.nullable(Id),
    serviceId: v.nullable(Id),
    userId: v.nullable(Id),
    phone: v.string(),
    customerName: v.nullable(v.string()),
    notes: v.nullable(v.string()),
    startAt: Instant,
    endAt: Instant,
    status: v.picklist(bookingStatuses),
    cancelReason: v.nullable(v.string()),
    priceTotalMinor: v.pipe(v.number(), v.integer(), v.minValue(0)),
    currency: v.pipe(v.string(), v.length(3)),
    lastChange: Instant,
    needsAttention: v.nullable(v.string()),
  }),
  v.check((b) => b.startAt < b.endAt, "a record must end after it starts"),
);
export type ExternalBooking = v.InferOutput<typeof ExternalBooking>;
