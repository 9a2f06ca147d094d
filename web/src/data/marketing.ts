// Advertising consent (38-FZ): the signed-in user's own per channel, and the
// unsubscribe link from an advertising message (its token is the authorisation).
import * as v from "valibot";
import { MarketingConsents, UnsubscribeState, type UpdateMarketingBody } from "../../../worker/contracts/marketing";
import { sendJson } from "./api";

export const getMyMarketing = () => sendJson("GET", "/me/marketing", MarketingConsents, undefined, true);
export const setMyMarketing = (change: UpdateMarketingBody) => sendJson("PUT", "/me/marketing", MarketingConsents, change, true);

const unsubscribePath = (token: string) => `/unsubscribe/${encodeURIComponent(token)}`;
export const getUnsubscribe = (token: string) => sendJson("GET", unsubscribePath(token), UnsubscribeState);
export const unsubscribe = (token: string) => sendJson("POST", unsubscribePath(token), UnsubscribeState);
