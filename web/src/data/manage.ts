// Calls behind the signed links (manage a booking, review a visit), the
// masters' reviews and the profile. The link's token is the authorisation:
// these calls send no session.
import * as v from "valibot";
import { User } from "../../../worker/contracts/auth";
import { type ManageChangeBody, ManagedBooking, type ReviewBody, ReviewPage, StaffReviews, type UpdateProfileBody } from "../../../worker/contracts/manage";
import { getJson, sendJson } from "./api";

const token = (t: string) => encodeURIComponent(t);

export const getManaged = (t: string) => sendJson("GET", `/manage/${token(t)}`, ManagedBooking);
export const changeManaged = (t: string, change: ManageChangeBody) => sendJson("PATCH", `/manage/${token(t)}`, ManagedBooking, change);

export const getReviewPage = (t: string) => sendJson("GET", `/reviews/${token(t)}`, ReviewPage);
export const sendReview = (t: string, review: ReviewBody) => sendJson("POST", `/reviews/${token(t)}`, v.object({ review: v.object({ id: v.number() }) }), review);

export async function getStaffReviews(staffId: number) {
  const res = await getJson(`/staff/${staffId}/reviews`, StaffReviews);
  if (res.status === 304) throw new Error("unexpected 304");
  return res.data;
}

export const updateProfile = (body: UpdateProfileBody) => sendJson("PATCH", "/me", v.object({ user: User }), body, true);
export const deleteMyAccount = () => sendJson("DELETE", "/me", v.object({ deleted: v.literal(true), cancelled: v.number() }), undefined, true);

/** The token of a manage URL the API handed back (after a move the link changes). */
export const tokenOfUrl = (url: string): string | null => /\/m\/([^/?#]+)$/.exec(url)?.[1] ?? null;
