// Reviews: /reviews/{token} (the link in the review request after a completed
// visit) and /staff/{id}/reviews (what the master's profile shows).
import { Hono } from "hono";
import * as v from "valibot";
import { PublicReview, ReviewBody, ReviewPage, StaffReviews } from "../contracts/manage.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { idParam, jsonBody } from "../http/validate.js";
import { bookingForLink } from "../manage/resolve.js";
import { type Db, requestDb } from "../repo/db.js";
import { approvedReviews, findReviewOfBooking, insertReview } from "../repo/reviews.js";
import { loadSettings } from "../repo/settings.js";
import { bookingViews } from "../reservations/views.js";

export const reviewRoutes = new Hono<AppEnv>();

const linkErrors = { 404: "`not_found`: not a review link we signed", 410: "`link_dead` or `link_expired`" } as const;

async function reviewedVisit(db: Db, env: AppEnv["Bindings"], token: string, now: Date) {
  const [row, settings] = await Promise.all([bookingForLink(db, env, token, "review", now), loadSettings(db)]);
  if (row.status !== "completed" || row.staffId === null) throw new AppError("review_not_allowed", "Only a completed visit can be reviewed");
  const [[view], review] = await Promise.all([bookingViews(db, [row], settings.timeZone), findReviewOfBooking(db, row.id)]);
  return { row, view: view!, review };
}

reviewRoutes.get("/reviews/:token", doc({ tag: "Reviews", summary: "The visit a review link is for, and its review if written", access: "anyone", rateLimited: "links", params: { token: "Signed review token" }, responses: { 200: ["The visit and its review", ReviewPage], 409: "`review_not_allowed`: the visit is not completed", ...linkErrors } }), async (c) => {
  const { view, review } = await reviewedVisit(requestDb(c), c.env, c.req.param("token"), new Date());
  return c.json({
    booking: { service: view.service?.name ?? null, staff: view.staff?.name ?? null, local_date: view.local_date, local_time: view.local_time },
    review: review && { rating: review.rating, text: review.text, status: review.status },
  } satisfies ReviewPage);
});

reviewRoutes.post("/reviews/:token", doc({ tag: "Reviews", summary: "Review a completed visit: stars 1–5 and text", description: "One review per visit; it shows on the master's profile once the salon approves it.", access: "anyone", rateLimited: "links", params: { token: "Signed review token" }, body: ReviewBody, responses: { 201: ["The review, waiting for approval", v.object({ review: PublicReview })], 409: "`already_exists`: this visit has a review; `review_not_allowed`", ...linkErrors } }), async (c) => {
  const db = requestDb(c);
  const body = await jsonBody(c, ReviewBody);
  const { row } = await reviewedVisit(db, c.env, c.req.param("token"), new Date());
  const review = await insertReview(db, { bookingId: row.id, staffId: row.staffId!, rating: body.rating, text: body.text });
  if (!review) throw new AppError("already_exists", "This visit already has a review", { field: "booking_id" });
  return c.json({ review: { id: review.id, rating: review.rating, text: review.text, created_at: review.createdAt } }, 201);
});

reviewRoutes.get("/staff/:id/reviews", doc({ tag: "Reviews", summary: "A master's approved reviews, newest first", access: "anyone", params: { id: "Master (staff) id" }, responses: { 200: ["Approved reviews with their count and average", StaffReviews] } }), async (c) => {
  return c.json(await approvedReviews(requestDb(c), idParam(c), 50));
});
