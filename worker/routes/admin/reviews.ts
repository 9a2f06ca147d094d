// /admin/reviews: the salon approves or hides customers' reviews.
import * as v from "valibot";
import { AdminReviewList, AdminReviewsQuery, ModerateReviewBody, ReviewStatus } from "../../contracts/manage.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { writeAudit } from "../../repo/audit.js";
import { requestDb } from "../../repo/db.js";
import { moderateReview, reviewsForAdmin } from "../../repo/reviews.js";
import { adminApp, ensureFound } from "./shared.js";

export const reviewsAdminRoutes = adminApp();

reviewsAdminRoutes.get("/", doc({ tag: "Back office", summary: "Reviews, newest first; `status` filters (pending, approved, hidden)", access: "admin", query: AdminReviewsQuery, responses: { 200: ["Reviews with their master, service and visit", AdminReviewList] } }), async (c) => {
  const q = parseWith(AdminReviewsQuery, c.req.query(), "query");
  return c.json({ reviews: await reviewsForAdmin(requestDb(c), q.status) });
});

reviewsAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Approve or hide a review", access: "admin", params: { id: "Review id" }, body: ModerateReviewBody, responses: { 200: ["The review's new status", v.object({ review: v.object({ id: v.number(), status: ReviewStatus }) })], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const { status } = await jsonBody(c, ModerateReviewBody);
  const db = requestDb(c);
  ensureFound((await moderateReview(db, id, status, new Date())) || null, `Review ${id}`);
  await writeAudit(db, c.get("user"), { action: status === "approved" ? "approve" : "hide", entity: "review", entityId: id, after: { status } });
  return c.json({ review: { id, status } });
});
