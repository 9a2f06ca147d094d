import { A, useNavigate, useParams } from "@solidjs/router";
import { Show, createEffect, createResource, createSignal } from "solid-js";
import type { AlternativeSlot } from "../../../worker/contracts/bookings";
import CertificateField from "../components/CertificateField";
import AbonementChoice from "../components/AbonementChoice";
import { abonementRefusal } from "../components/abonement-refusal";
import AddonSummary from "../components/AddonSummary";
import Alternatives from "../components/Alternatives";
import Loadable from "../components/Loadable";
import MoneyTerms from "../components/MoneyTerms";
import Screen from "../components/Screen";
import SignInForm from "../components/SignInForm";
import { ApiRequestError } from "../data/api";
import { loadService } from "../data/booking";
import { clearDraft, draftToBody, likelyMaster } from "../data/draft";
import { useDraft } from "../data/draft-store";
import { createBooking, quoteBooking } from "../data/endpoints";
import { promoRefusal } from "../data/promo";
import { updateProfile } from "../data/manage";
import { loadSalon } from "../data/salon";
import { errorMessage } from "../data/errors";
import { enqueueCreate, newKey } from "../data/outbox-client";
import { prepaymentFor, quote, termsWith } from "../data/pricing";
import { rememberUser, sendCode, signIn, signOut, user } from "../data/session";
import { rememberMaster } from "../data/slots";
import { occurrenceOf, utcOffsetOf } from "../data/slot-view";
import { formatDay, formatDuration, formatPhone, formatPrice } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { settled } from "../resource";
import { offeredTimes } from "../data/alternatives";

/** Step 2: add-ons, comment, phone, sign-in if needed, then book. Route: /book/:id/details. */
export default function BookDetails() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const serviceId = () => Number(params.id);
  const { draft, restored, update } = useDraft(serviceId);
  const [detail, { refetch }] = createResource(serviceId, loadService);
  const [error, setError] = createSignal<string | null>(null);
  const [alternatives, setAlternatives] = createSignal<AlternativeSlot[] | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [salon] = createResource(loadSalon);
  const [receiptEmail, setReceiptEmail] = createSignal("");
  // certificates: a gift certificate's code, sent with the booking (the server checks and spends it).
  const [certificateCode, setCertificateCode] = createSignal("");
  const [promoInput, setPromoInput] = createSignal("");
  const [promoError, setPromoError] = createSignal<string | null>(null);
  const [applying, setApplying] = createSignal(false);
  // abonements: the server's refusal of the chosen abonement, shown at its field.
  const [abonementError, setAbonementError] = createSignal<string | null>(null);
  const withAbonement = () => typeof draft().abonementId === "number";
  // One key per distinct request: a retry of the same body reuses it, so a
  // booking whose answer was lost is not made twice.
  let key: { body: string; value: string } | null = null;

  // The phone field starts with the account's phone.
  createEffect(() => {
    const phone = user()?.phone;
    if (restored() && phone && !draft().phone) update({ phone: formatPhone(phone) });
  });

  /** The master whose price applies: the one chosen, or for "any master" the first free at the chosen slot. */
  const master = () => likelyMaster(draft());

  /** What this booking would be, as the server prices it (its word is the last); signed in only. */
  const quoteRequest = (code: string | null | undefined) => {
    const d = draft();
    const staffId = master();
    const paying = typeof d.abonementId === "number" ? { abonement_id: d.abonementId } : code ? { promo_code: code } : {};
    return { service_id: d.serviceId, staff_id: staffId ?? ("any" as const), additional_services: [...d.addons], ...(d.date ? { date: d.date } : {}), ...paying };
  };
  const [serverQuote] = createResource(
    () => (user() && restored() && draft().date ? JSON.stringify(quoteRequest(draft().promoCode)) : false),
    // Offline, or a code that no longer applies (another master): the local figures stand.
    async (key) => {
      try {
        return (await quoteBooking(JSON.parse(key))).quote;
      } catch (err) {
        const refusal = promoRefusal(err, locale());
        if (refusal) {
          setPromoError(refusal);
          update({ promoCode: null });
        }
        if (err instanceof ApiRequestError) setAbonementError(abonementRefusal(err.code));
        return null;
      }
    },
  );
  const quoted = () => settled(serverQuote) ?? null;

  const applyPromo = async () => {
    const code = promoInput().trim();
    if (!code) return;
    setApplying(true);
    setPromoError(null);
    try {
      const { quote: answer } = await quoteBooking(quoteRequest(code));
      update({ promoCode: answer.discount?.promo_code ?? code });
      setPromoInput("");
    } catch (err) {
      setPromoError(promoRefusal(err, locale()) ?? errorMessage(err, locale()));
    } finally {
      setApplying(false);
    }
  };

  const staffName = () => {
    const id = draft().staffId;
    if (id === "any") return t("book.anyMaster");
    return settled(detail)?.data.staff.find((m) => m.id === id)?.name ?? "";
  };

  /**
   * 54-FZ: a booking paid ahead gets a fiscal receipt, and with YooKassa's
   * receipts service it is mailed, so the form asks for an email the account
   * does not have yet (and keeps it there).
   */
  const asksReceiptEmail = () => {
    const loaded = settled(detail);
    if (!loaded || user()?.email || settled(salon)?.data.salon.receipt_contact !== "email") return false;
    const q = quoted();
    if (q) return q.prepayment !== null;
    const staffId = master();
    const service = loaded.data.service;
    const total = quote(service, draft().addons, staffId === null ? undefined : termsWith(service, loaded.data, staffId)).total;
    return prepaymentFor(service, total) !== null;
  };

  const submit = async () => {
    const me = user();
    const drafted = draftToBody(draft());
    const loaded = settled(detail);
    if (!me || !drafted || !loaded) return;
    const code = withAbonement() ? "" : certificateCode().trim();
    const body = code ? { ...drafted, certificate_code: code } : drafted;
    const email = receiptEmail().trim();
    // Offline the booking is queued and the email cannot be saved: the payment page asks for it then.
    if (navigator.onLine && asksReceiptEmail() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      setError(t("details.receiptEmailInvalid"));
      return;
    }
    const serialized = JSON.stringify(body);
    if (key?.body !== serialized) key = { body: serialized, value: newKey() };
    const summary = { serviceName: loaded.data.service.name, staffName: draft().staffId === "any" ? null : staffName(), date: draft().date!, time: draft().time! };
    setBusy(true);
    setError(null);
    setAbonementError(null);
    setAlternatives(null);
    const queue = async () => {
      await enqueueCreate(key!.value, me.id, body, summary);
      await clearDraft(serviceId());
      // My bookings follows this entry: to the booking once the salon confirms it, or its alternatives.
      navigate(`/bookings?queued=${encodeURIComponent(key!.value)}`);
    };
    try {
      if (!navigator.onLine) return await queue();
      if (asksReceiptEmail()) await rememberUser((await updateProfile({ email })).user);
      const { booking } = await createBooking(body, key.value);
      if (booking.staff) void rememberMaster({ staffId: booking.staff.id, at: Date.now() });
      await clearDraft(serviceId());
      navigate(booking.status === "held" && booking.prepayment ? `/bookings/${booking.id}/pay` : `/bookings/${booking.id}?new=1`);
    } catch (err) {
      if (err instanceof ApiRequestError) {
        if (err.isUnreachable) return await queue();
        if (err.code === "book_via_yclients") return navigate(`/yclients/${serviceId()}`, { replace: true });
        if (err.code === "unauthorized") await signOut();
        if (err.code === "slot_taken") {
          setAlternatives(offeredTimes(err.details));
        }
        const refusal = abonementRefusal(err.code);
        if (refusal) return setAbonementError(refusal);
      }
      setError(promoRefusal(err, locale()) ?? errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const pickAlternative = (alt: AlternativeSlot) => {
    update({ staffId: alt.staff_id, date: alt.date, time: alt.time, startAt: alt.start_at });
    void submit();
  };
  // The same time would be refused again: until an offered time is picked, submit waits.
  const waitingForPick = () => (alternatives()?.length ?? 0) > 0;

  return (
    <Screen title={t("details.title")} back={{ href: `/book/${params.id}`, label: t("details.changeTime") }}>
      <Loadable of={detail} ready={restored()} errorTitle={t("service.error")} onRetry={() => void refetch()} rows={3}>
        {(loaded) => {
          const service = () => loaded().data.service;
          // With a chosen master (or the one "any master" will be at this slot), their own price and
          // duration; the server's quote, once it answers, has the discount and the deposit too.
          const q = () => {
            const staffId = master();
            const local = quote(service(), draft().addons, staffId === null ? undefined : termsWith(service(), loaded().data, staffId));
            const server = quoted();
            const figures = server ? { ...local, total: server.price, before: server.discount ? server.price_before : null } : { ...local, before: null };
            // Before the server's quote: the abonement pays the service (the master's price); the add-ons are paid as usual.
            const addons = quote(service(), draft().addons, { price: { amount_minor: 0, currency: figures.total.currency }, durationMin: 0 }).total;
            const byAbonement = { covered: { ...addons, amount_minor: figures.total.amount_minor - addons.amount_minor }, left_to_pay: addons };
            return { ...figures, abonement: withAbonement() ? (server?.abonement ?? byAbonement) : null };
          };
          // The night the clocks go back, which of the two equal wall times this is.
          const twin = () => {
            const { startAt, time } = draft();
            const zone = settled(salon)?.data.salon.time_zone;
            const which = startAt && time && zone ? occurrenceOf(startAt, time, zone) : null;
            if (!which) return "";
            const offset = utcOffsetOf({ time: time!, start_at: startAt! });
            return ` (${which === "first" ? offset : t("book.twinRepeat", { offset })})`;
          };
          return (
            <Show
              when={draft().date && draft().time}
              fallback={
                <div class="empty">
                  <p>{t("details.noTime")}</p>
                  <A class="btn btn--primary" href={`/book/${params.id}`}>
                    {t("details.pickTime")}
                  </A>
                </div>
              }
            >
              <section class="card summary" aria-label={t("details.summary")}>
                <p class="summary__service">{service().name}</p>
                <p>
                  {formatDay(draft().date!, intlLocale(), { weekday: "long", day: "numeric", month: "long" })}, {draft().time}
                  {twin()}
                </p>
                <p class="muted">{staffName()}</p>
              </section>

              <AddonSummary service={service()} chosen={draft().addons} changeHref={`/book/${params.id}`} />

              <dl class="facts totals" aria-live="polite">
                <div>
                  <dt>{t("catalog.duration")}</dt>
                  <dd data-testid="total-duration">{formatDuration(q().durationMin, locale())}</dd>
                </div>
                <div>
                  <dt>{t("details.total")}</dt>
                  <dd class="service__price">
                    <Show when={q().before}>
                      {(before) => (
                        <s class="muted price-before" data-testid="price-before" aria-label={t("promo.priceBefore")}>
                          {formatPrice(before(), intlLocale())}
                        </s>
                      )}
                    </Show>{" "}
                    <span data-testid="total-price">{formatPrice(q().total, intlLocale())}</span>
                  </dd>
                </div>
              </dl>
              <Show when={q().abonement}>
                {(ab) => (
                  <dl class="facts totals" data-testid="abonement-totals">
                    <div>
                      <dt>{t("abonPay.covered")}</dt>
                      <dd data-testid="abonement-covered">{formatPrice(ab().covered, intlLocale())}</dd>
                    </div>
                    <div>
                      <dt>{t("abonPay.leftToPay")}</dt>
                      <dd data-testid="abonement-left-to-pay">{formatPrice(ab().left_to_pay, intlLocale())}</dd>
                    </div>
                  </dl>
                )}
              </Show>
              <MoneyTerms service={service()} total={q().abonement?.left_to_pay ?? q().total} prepayment={quoted() ? quoted()!.prepayment : undefined} deposit={Boolean(quoted()?.deposit_rule)} />
              <Show when={quoted()?.deposit_rule && quoted()!.prepayment}>
                <div class="notice" role="note" data-testid="deposit-rule">
                  <p>
                    <strong>{t("deposit.title")}</strong>. {t(`deposit.why.${quoted()!.deposit_rule!}`)}
                  </p>
                  <p>{t("deposit.rule", { amount: formatPrice(quoted()!.prepayment!, intlLocale()), hours: quoted()!.deposit_refund_hours })}</p>
                </div>
              </Show>

              <div class="field">
                <label for="notes">{t("details.notes")}</label>
                <textarea id="notes" rows="3" maxLength={1000} value={draft().notes} onInput={(e) => update({ notes: e.currentTarget.value })} />
              </div>

              <Show
                when={user()}
                fallback={
                  <SignInForm
                    phone={draft().phone}
                    onPhone={(phone) => update({ phone })}
                    onRequestCode={sendCode}
                    onVerify={signIn}
                  />
                }
              >
                <AbonementChoice
                  visit={{ serviceId: serviceId(), staffId: master(), date: draft().date, startAt: draft().startAt ?? null }}
                  chosen={draft().abonementId}
                  onChoose={(id) => {
                    setAbonementError(null);
                    update({ abonementId: id });
                  }}
                  error={abonementError()}
                />
                <Show when={!withAbonement()}>
                  <div class="field promo">
                    <label for="promo">{t("promo.label")}</label>
                    <Show
                      when={quoted()?.discount}
                      fallback={
                        <div class="promo__row">
                          <input
                            id="promo"
                            autocomplete="off"
                            autocapitalize="characters"
                            maxLength={32}
                            value={promoInput()}
                            aria-describedby={promoError() ? "promo-error" : undefined}
                            onInput={(e) => setPromoInput(e.currentTarget.value)}
                            onKeyDown={(e) => {
                              if (e.key === "Enter") void applyPromo();
                            }}
                          />
                          <button type="button" class="btn" disabled={applying() || !promoInput().trim()} onClick={() => void applyPromo()}>
                            {t("promo.apply")}
                          </button>
                        </div>
                      }
                    >
                      {(discount) => (
                        <p class="promo__applied" data-testid="promo-applied">
                          {t("promo.applied", { code: discount().promo_code, amount: formatPrice(discount().amount, intlLocale()) })}{" "}
                          <button type="button" class="btn btn--link" onClick={() => update({ promoCode: null })}>
                            {t("promo.remove")}
                          </button>
                        </p>
                      )}
                    </Show>
                    <Show when={promoError()}>
                      {(message) => (
                        <p id="promo-error" class="form-error" role="alert" data-testid="promo-error">
                          {message()}
                        </p>
                      )}
                    </Show>
                  </div>
                </Show>
                <div class="field">
                  <label for="phone">{t("details.phone")}</label>
                  <input id="phone" type="tel" inputmode="tel" autocomplete="tel" value={draft().phone} onInput={(e) => update({ phone: e.currentTarget.value })} />
                </div>
                <Show when={!withAbonement()}>
                  <CertificateField value={certificateCode()} onInput={setCertificateCode} />
                </Show>
                <Show when={asksReceiptEmail()}>
                  <div class="field">
                    <label for="receipt-email">{t("details.receiptEmail")}</label>
                    <input
                      id="receipt-email"
                      type="email"
                      inputmode="email"
                      autocomplete="email"
                      required
                      aria-describedby="receipt-email-hint"
                      value={receiptEmail()}
                      onInput={(e) => {
                        setReceiptEmail(e.currentTarget.value);
                        // The "check the address" message is about the old value.
                        if (error() === t("details.receiptEmailInvalid")) setError(null);
                      }}
                    />
                    <p id="receipt-email-hint" class="muted">
                      {t("details.receiptEmailHint")}
                    </p>
                  </div>
                </Show>
                <Show when={error()}>
                  {(message) => (
                    <div class="error-panel" role="alert">
                      <p>{message()}</p>
                      <Show when={alternatives()}>{(alts) => <Alternatives alternatives={alts()} onPick={pickAlternative} disabled={busy()} scrollIntoView />}</Show>
                    </div>
                  )}
                </Show>
                <div class="actions actions--sticky">
                  <button type="button" class="btn btn--primary btn--wide" disabled={busy() || waitingForPick()} onClick={() => void submit()}>
                    {busy() ? t("details.sending") : t("details.submit")}
                  </button>
                </div>
              </Show>
            </Show>
          );
        }}
      </Loadable>
    </Screen>
  );
}

