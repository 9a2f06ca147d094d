// Reviews of completed visits: written through the review link, shown on the
// master's profile once the salon approves them.
import { and, avg, count, desc, eq } from "drizzle-orm";
import type { AdminReview, PublicReview } from "../contracts/manage.js";
import { type Db, schema as s } from "./db.js";

type ReviewRow = typeof s.reviews.$inferSelect;
type ReviewStatus = ReviewRow["status"];

export async function findReviewOfBooking(db: Db, bookingId: number): Promise<ReviewRow | null> {
  const [row] = await db.select().from(s.reviews).where(eq(s.reviews.bookingId, bookingId)).limit(1);
  return row ?? null;
}

/** Inserts the booking's review; null when it already has one. */
export async function insertReview(db: Db, review: { bookingId: number; staffId: number; rating: number; text: string }): Promise<ReviewRow | null> {
  const [row] = await db.insert(s.reviews).values(review).onConflictDoNothing({ target: s.reviews.bookingId }).returning();
  return row ?? null;
}

const publicView = (r: Pick<ReviewRow, "id" | "rating" | "text" | "createdAt">): PublicReview => ({ id: r.id, rating: r.rating, text: r.text, created_at: r.createdAt });

/** A master's approved reviews, newest first, with their count and average (one round trip). */
export async function approvedReviews(db: Db, staffId: number, limit: number) {
  const approved = and(eq(s.reviews.staffId, staffId), eq(s.reviews.status, "approved"));
  const [rows, [totals]] = await Promise.all([
    db.select().from(s.reviews).where(approved).orderBy(desc(s.reviews.createdAt), desc(s.reviews.id)).limit(limit),
    db.select({ n: count(), average: avg(s.reviews.rating) }).from(s.reviews).where(approved),
  ]);
  const average = totals?.average == null ? null : Math.round(Number(totals.average) * 10) / 10;
  return { reviews: rows.map(publicView), count: totals?.n ?? 0, average };
}

export async function reviewsForAdmin(db: Db, status: ReviewStatus | undefined): Promise<AdminReview[]> {
  const rows = await db
    .select({ review: s.reviews, staffName: s.staff.name, service: s.services.name, visitAt: s.bookings.startAt })
    .from(s.reviews)
    .innerJoin(s.staff, eq(s.staff.id, s.reviews.staffId))
    .innerJoin(s.bookings, eq(s.bookings.id, s.reviews.bookingId))
    .leftJoin(s.services, eq(s.services.id, s.bookings.serviceId))
    .where(status ? eq(s.reviews.status, status) : undefined)
    .orderBy(desc(s.reviews.createdAt), desc(s.reviews.id))
    .limit(200);
  return rows.map((r) => ({
    ...publicView(r.review),
    status: r.review.status,
    booking_id: r.review.bookingId,
    staff: { id: r.review.staffId, name: r.staffName },
    service: r.service,
    visit_at: r.visitAt,
  }));
}

export async function moderateReview(db: Db, id: number, status: "approved" | "hidden", now: Date): Promise<boolean> {
  const rows = await db.update(s.reviews).set({ status, moderatedAt: now.toISOString() }).where(eq(s.reviews.id, id)).returning({ id: s.reviews.id });
  return rows.length === 1;
}
