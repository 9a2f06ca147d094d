import { createSignal } from "solid-js";
import type { Booking } from "../../../../worker/contracts/bookings";
import FormError from "../../components/FormError";
import { ApiRequestError } from "../../data/api";
import { errorMessage } from "../../data/errors";
import { locale } from "../../i18n";
import { waiveDeposit } from "../data/api";
import { at } from "../i18n";

const WAIVER_ERRORS: Record<string, "waiver.paying" | "waiver.notHeld"> = { payment_in_progress: "waiver.paying", booking_not_held: "waiver.notHeld", no_deposit: "waiver.notHeld" };

/** No-show protection in the booking panel: an admin confirms a booking held for its deposit without it, saying why. */
export default function DepositWaiver(props: { booking: Booking; onChanged: (booking: Booking) => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const waive = async (event: SubmitEvent) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget as HTMLFormElement).get("reason") ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      props.onChanged((await waiveDeposit(props.booking.id, reason)).booking);
    } catch (err) {
      // The two refusals an admin meets here get their own words; the rest the usual ones.
      const own = err instanceof ApiRequestError ? WAIVER_ERRORS[err.code] : undefined;
      setError(own ? at(own) : errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel-waiver" aria-label={at("waiver.title")}>
      <form class="form form--inline" onSubmit={(e) => void waive(e)}>
        <label for={`waiver-${props.booking.id}`}>{at("waiver.reason")}</label>
        <input id={`waiver-${props.booking.id}`} name="reason" required maxLength={500} autocomplete="off" />
        <button type="submit" class="btn btn--small" disabled={busy()}>
          {at("waiver.button")}
        </button>
      </form>
      <FormError message={error()} />
    </section>
  );
}
