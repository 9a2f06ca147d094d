// Calls behind the signed links (manage a booking, review a visit), the
// masters' reviews and the profile. The link's token is the authorisation:
// these calls send no session.
import * as v from "valibot";
import { User } from "../../../worker/contracts/auth";
import { type ManageChangeBody, ManagedBooking, type ReviewBody, ReviewPage, StaffReviews, type UpdateProfileBody } from "../../../worker/contracts/manage";
import { apiFetch, getJson, parseAnswer } from "./api";
import { authHeader } from "./token";

async function call<S extends v.GenericSchema>(method: string, path: string, schema: S, body?: unknown, auth = false): Promise<v.InferOutput<S>> {
  const headers: Record<string, string> = { Accept: "application/json", ...(auth ? authHeader() : {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const { res, body: json } = await apiFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return parseAnswer(path, schema, json, res.status);
}

const token = (t: string) => encodeURIComponent(t);

export const getManaged = (t: string) => call("GET", `/manage/${token(t)}`, ManagedBooking);
export const changeManaged = (t: string, change: ManageChangeBody) => call("PATCH", `/manage/${token(t)}`, ManagedBooking, change);

export const getReviewPage = (t: string) => call("GET", `/reviews/${token(t)}`, ReviewPage);
export const sendReview = (t: string, review: ReviewBody) => call("POST", `/reviews/${token(t)}`, v.object({ review: v.object({ id: v.number() }) }), review);

export async function getStaffReviews(staffId: number) {
  const res = await getJson(`/staff/${staffId}/reviews`, StaffReviews);
  if (res.status === 304) throw new Error("unexpected 304");
  return res.data;
}

export const updateProfile = (body: UpdateProfileBody) => call("PATCH", "/me", v.object({ user: User }), body, true);
export const deleteMyAccount = () => call("DELETE", "/me", v.object({ deleted: v.literal(true), cancelled: v.number() }), undefined, true);

/** The token of a manage URL the API handed back (after a move the link changes). */
export const tokenOfUrl = (url: string): string | null => /\/m\/([^/?#]+)$/.exec(url)?.[1] ?? null;
