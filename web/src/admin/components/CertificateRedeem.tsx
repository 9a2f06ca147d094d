import { Show, createSignal } from "solid-js";
import type { Booking } from "../../../../worker/contracts/bookings";
import FormError from "../../components/FormError";
import { errorMessage } from "../../data/errors";
import { formatPrice } from "../../format";
import { intlLocale, locale } from "../../i18n";
import { redeemCertificate } from "../data/certificates";
import { newKey } from "../data/http";
import { at } from "../i18n";

/** The booking panel's certificate part: what a certificate paid, and paying what is left with one at the visit. */
export default function CertificateRedeem(props: { booking: Booking; onChanged: (booking: Booking) => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // One key per typed code: a double tap redeems once.
  let key: { code: string; value: string } | null = null;
  const left = () => props.booking.money?.left_to_pay.amount_minor ?? 0;

  const redeem = async (event: SubmitEvent) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get("code") ?? "").trim();
    if (key?.code !== code) key = { code, value: newKey() };
    setBusy(true);
    setError(null);
    try {
      props.onChanged((await redeemCertificate(props.booking.id, code, key.value)).booking);
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel-certificate" aria-label={at("cert.panel")}>
      <Show when={props.booking.money?.certificate_used}>
        {(used) => (
          <p data-testid="panel-certificate-used">
            {at("cert.used")}: {formatPrice(used(), intlLocale())}
          </p>
        )}
      </Show>
      <Show when={left() > 0 && ["pending", "confirmed", "completed"].includes(props.booking.status)}>
        <form class="form form--inline" onSubmit={(e) => void redeem(e)}>
          <label for={`redeem-${props.booking.id}`}>{at("cert.redeem")}</label>
          <input id={`redeem-${props.booking.id}`} name="code" required autocomplete="off" />
          <button type="submit" class="btn btn--small" disabled={busy()}>
            {at("cert.redeemButton")}
          </button>
        </form>
      </Show>
      <FormError message={error()} />
    </section>
  );
}
