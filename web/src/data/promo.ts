// promo: the details step's promo code. The server is the judge (it applies
// the code again when booking); this turns its refusals into words.
import * as v from "valibot";
import { promoRefusals } from "../../../worker/contracts/promo";
import { translate, type Locale, type TranslationKey } from "../i18n";
import { ApiRequestError } from "./api";

const Details = v.object({ reason: v.picklist(promoRefusals) });

/** The message for a 422 promo_code_invalid, or null for any other error. */
export function promoRefusal(err: unknown, lang: Locale): string | null {
  if (!(err instanceof ApiRequestError) || err.code !== "promo_code_invalid") return null;
  const details = v.safeParse(Details, err.details);
  return translate(lang, details.success ? (`promo.reason.${details.output.reason}` as TranslationKey) : "promo.reason.unknown");
}
