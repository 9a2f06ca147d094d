// Which country a number belongs to, by libphonenumber's numbering plans (the
// small "min" metadata: the Worker needs validity and country, not the type of
// line). Worker-only: the PWA keeps the light format check of phone.ts.
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { AppError } from "../errors.js";

/**
 * Refuses a number that is not a valid number of one of the salon's served
 * countries (ISO 3166 codes): sign-in codes and booking messages are paid SMS.
 * Valid, not merely possible: +7 covers Russia and Kazakhstan, and only the
 * plan tells +7 9xx (Russian mobiles) from +7 7xx (Kazakhstan).
 */
export function ensurePhoneServed(e164: string, served: readonly string[]): void {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid() || !parsed.country) {
    throw new AppError("invalid_phone", "This is not a phone number any operator issues; check the digits", { phone_country: null });
  }
  if (!served.includes(parsed.country)) {
    throw new AppError("phone_country_not_served", `The salon sends codes and messages only to numbers of ${served.join(", ")}`, {
      phone_country: parsed.country,
      served_countries: served,
    });
  }
}

/** Whether an ISO 3166 alpha-2 code has a numbering plan (for the settings editor). */
export { isSupportedCountry } from "libphonenumber-js/min";
