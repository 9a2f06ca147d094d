// POST /bookings/quote: the price before and after a promo code, and the
// prepayment or no-show deposit, for the PWA's details step.
import { Hono } from "hono";
import { requireUser } from "../auth/session.js";
import { BookingQuoteBody, BookingQuoteEnvelope } from "../contracts/promo.js";
import type { AppEnv } from "../env.js";
import { doc } from "../http/openapi.js";
import { jsonBody } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { quoteBooking } from "../reservations/quote.js";

export const bookingQuoteRoutes = new Hono<AppEnv>();

bookingQuoteRoutes.post(
  "/",
  doc({
    tag: "Bookings",
    summary: "Price a booking before making it: the master's own price, a promo code's discount, the prepayment or no-show deposit",
    description: "Priced as `POST /bookings` prices: with a master named, their own price; with `promo_code`, the price before and after its discount (a code that does not apply is the same 422 the booking would get); with `abonement_id`, what the caller's abonement covers (`abonement.covered`, the service's price) and what is left to pay (add-ons), with the same 422s as the booking.",
    access: "signed_in",
    rateLimited: "booking",
    body: BookingQuoteBody,
    responses: {
      200: ["The quote", BookingQuoteEnvelope],
      404: "`not_found`: no such service",
      422: "`promo_code_invalid` with `details.promo_code` and `details.reason` (`unknown`, `inactive`, `not_started`, `expired`, `exhausted`, `customer_limit`, `not_first_visit`, `service_not_covered`, `master_not_covered`); `staff_does_not_do_service`; `invalid_addon`; `service_is_addon`; `abonement_not_found`, `abonement_not_active`, `abonement_expired`, `abonement_used_up`, `abonement_not_covering`, `abonement_frozen`, `abonement_daily_limit`, `abonement_not_combinable`",
    },
  }),
  requireUser(),
  async (c) => {
    const body = await jsonBody(c, BookingQuoteBody);
    return c.json({ quote: await quoteBooking(requestDb(c), c.get("user"), body, new Date()) });
  },
);
