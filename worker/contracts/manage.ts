// Signed-link pages (manage a booking, review a visit), reviews and the
// profile: requests and answers shared by the worker and the PWA.
import * as v from "valibot";
import { AcceptPriceMinor, AppointmentDateTime, Booking } from "./bookings.js";
import { BodyId } from "./common.js";

const PositiveId = BodyId;

/** What a manage link may do: cancel, or move within the salon's window. */
export const ManageChangeBody = v.variant("action", [
  v.object({ action: v.literal("cancel") }),
  v.object({
    action: v.literal("reschedule"),
    appointment_datetime: AppointmentDateTime,
    staff_id: v.optional(v.union([PositiveId, v.literal("any")])),
    accept_price_minor: v.optional(AcceptPriceMinor),
  }),
]);
export type ManageChangeBody = v.InferOutput<typeof ManageChangeBody>;

/**
 * The booking as a manage link shows it: what, when, with whom, the price and
 * its money. A forwarded link must not show who booked (phone, name), their
 * notes, or the salon's internal flags and channel.
 */
export const ManagedVisit = v.pick(Booking, [
  "id",
  "status",
  "service",
  "staff",
  "start_at",
  "end_at",
  "local_date",
  "local_time",
  "duration_min",
  "addons",
  "price",
  "prepayment",
  "hold_expires_at",
  "money",
  "created_at",
  "visit_id",
]);
export type ManagedVisit = v.InferOutput<typeof ManagedVisit>;

export const ManagedBooking = v.object({
  booking: ManagedVisit,
  salon: v.object({ name: v.string(), address: v.nullable(v.string()), phone: v.nullable(v.string()), time_zone: v.string() }),
  /** Until when the link may cancel or move the booking (the salon's window); null when it no longer can. */
  change_deadline: v.nullable(v.string()),
  /** The link for the booking as it is now: after a move, the old link is dead and this one works. */
  manage_url: v.nullable(v.string()),
  /** What the link may do now: cancel, and move (our own bookings only; a YClients one is moved by the salon). */
  actions: v.object({ cancel: v.boolean(), reschedule: v.boolean() }),
});
export type ManagedBooking = v.InferOutput<typeof ManagedBooking>;

export const ReviewBody = v.object({
  rating: v.pipe(v.number("rating is 1 to 5"), v.integer("rating is 1 to 5"), v.minValue(1, "rating is 1 to 5"), v.maxValue(5, "rating is 1 to 5")),
  text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, "the text is at most 2000 characters")), ""),
});
export type ReviewBody = v.InferOutput<typeof ReviewBody>;

export const ReviewStatus = v.picklist(["pending", "approved", "hidden"]);

/** A review as anyone may see it once approved. */
export const PublicReview = v.object({ id: v.number(), rating: v.number(), text: v.string(), created_at: v.string() });
export type PublicReview = v.InferOutput<typeof PublicReview>;

export const StaffReviews = v.object({ reviews: v.array(PublicReview), count: v.number(), average: v.nullable(v.number()) });
export type StaffReviews = v.InferOutput<typeof StaffReviews>;

export const ReviewPage = v.object({
  booking: v.object({ service: v.nullable(v.string()), staff: v.nullable(v.string()), local_date: v.string(), local_time: v.string() }),
  review: v.nullable(v.object({ rating: v.number(), text: v.string(), status: ReviewStatus })),
});
export type ReviewPage = v.InferOutput<typeof ReviewPage>;

/** A review as the back office sees it. */
export const AdminReview = v.object({
  ...PublicReview.entries,
  status: ReviewStatus,
  booking_id: v.number(),
  staff: v.object({ id: v.number(), name: v.string() }),
  service: v.nullable(v.string()),
  visit_at: v.string(),
});
export type AdminReview = v.InferOutput<typeof AdminReview>;
export const AdminReviewList = v.object({ reviews: v.array(AdminReview) });
export const AdminReviewsQuery = v.object({ status: v.optional(ReviewStatus) });
export const ModerateReviewBody = v.object({ status: v.picklist(["approved", "hidden"], "status is approved or hidden") });

/** PATCH /me: what a person may change about themselves (null clears the email). */
export const UpdateProfileBody = v.object({
  name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, "the name cannot be empty"), v.maxLength(100))),
  email: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("Адрес почты вида name@example.ru / an email like name@example.com"), v.maxLength(200)))),
});
export type UpdateProfileBody = v.InferOutput<typeof UpdateProfileBody>;
