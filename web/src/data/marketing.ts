// Advertising consent (38-FZ): the signed-in user's own per channel, and the
// unsubscribe link from an advertising message (its token is the authorisation).
import * as v from "valibot";
import { MarketingConsents, UnsubscribeState, type UpdateMarketingBody } from "../../../worker/contracts/marketing";
import { apiFetch, parseAnswer } from "./api";
import { authHeader } from "./token";

async function call<S extends v.GenericSchema>(method: string, path: string, schema: S, body?: unknown, auth = false): Promise<v.InferOutput<S>> {
  const headers: Record<string, string> = { Accept: "application/json", ...(auth ? authHeader() : {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const { res, body: json } = await apiFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return parseAnswer(path, schema, json, res.status);
}

export const getMyMarketing = () => call("GET", "/me/marketing", MarketingConsents, undefined, true);
export const setMyMarketing = (change: UpdateMarketingBody) => call("PUT", "/me/marketing", MarketingConsents, change, true);

const unsubscribePath = (token: string) => `/unsubscribe/${encodeURIComponent(token)}`;
export const getUnsubscribe = (token: string) => call("GET", unsubscribePath(token), UnsubscribeState);
export const unsubscribe = (token: string) => call("POST", unsubscribePath(token), UnsubscribeState);
