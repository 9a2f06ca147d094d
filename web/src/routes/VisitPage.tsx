import { A, useLocation, useNavigate, useSearchParams } from "@solidjs/router";
import { For, Show, createMemo, createResource, createSignal } from "solid-js";
import * as v from "valibot";
import { VisitAlternative, type VisitSlot } from "../../../worker/contracts/visits";
import MonthCalendar from "../components/MonthCalendar";
import { addMonths, monthBounds, monthOf, monthRange } from "../data/month";
import AbonementChoice from "../components/AbonementChoice";
import { abonementRefusal } from "../components/abonement-refusal";
import CertificateField from "../components/CertificateField";
import ErrorPanel from "../components/ErrorPanel";
import Screen from "../components/Screen";
import { ApiRequestError } from "../data/api";
import { loadService } from "../data/booking";
import { loadCatalog } from "../data/catalog";
import { errorMessage } from "../data/errors";
import { newKey } from "../data/outbox-client";
import { FALLBACK_TIME_ZONE, loadSalon } from "../data/salon";
import { signOut, user } from "../data/session";
import { createVisit, type DraftItem, getVisitDayCounts, getVisitSlots, quoteVisit, readItems, writeItems } from "../data/visits";
import { formatDay, formatDuration, formatPrice, todayIn } from "../format";
import { intlLocale, locale, t } from "../i18n";
import { failed, settled } from "../resource";

const Alternatives = v.object({ alternatives: v.array(VisitAlternative) });

/**
 * Several services in one visit: the services in order, each with its master
 * (or any), a day, the times the whole visit fits, and what it adds up to.
 * The visit lives in the URL. Route: /visit?items=3:any,6:2&date=….
 */
export default function VisitPage() {
  const [search, setSearch] = useSearchParams<{ items?: string; date?: string }>();
  const location = useLocation();
  const navigate = useNavigate();
  const items = createMemo(() => readItems(search.items), undefined, { equals: (a, b) => writeItems(a) === writeItems(b) });
  const [chosen, setChosen] = createSignal<VisitSlot | null>(null);
  const setItems = (next: DraftItem[]) => {
    setChosen(null);
    setSearch({ items: next.length ? writeItems(next) : undefined });
  };

  const [catalog] = createResource(() => loadCatalog());
  const [salon] = createResource(() => loadSalon().catch(() => undefined));
  const today = () => todayIn(settled(salon)?.data.salon.time_zone ?? FALLBACK_TIME_ZONE);
  const date = () => search.date ?? today();
  const horizon = () => settled(salon)?.data.salon.horizon_days ?? 60;
  // The month shown: the chosen day's, until the customer steps to another.
  const [month, setMonth] = createSignal<string | null>(null);
  const shownMonth = () => month() ?? monthOf(date() >= today() ? date() : today());
  const bounds = () => monthBounds(today(), horizon());

  // Each chosen service with its masters (cached for offline reading like the service page).
  const [details] = createResource(
    () => [...new Set(items().map((i) => i.service_id))].join(","),
    async (ids) => new Map((await Promise.all(ids.split(",").filter(Boolean).map((id) => loadService(Number(id))))).map((d) => [d.data.service.id, d.data])),
  );
  const detailOf = (serviceId: number) => settled(details)?.get(serviceId);
  const bookable = () => (settled(catalog)?.data.services ?? []).filter((s) => !s.is_addon);

  // The dots: days where the whole visit fits somewhere.
  const [counts] = createResource(
    () => {
      const range = items().length >= 2 ? monthRange(shownMonth(), today(), horizon()) : null;
      return range ? { items: items(), ...range } : false;
    },
    (q) => getVisitDayCounts(q.items, q.from, q.days),
  );
  const [slots, { refetch: refetchSlots }] = createResource(
    () => (items().length >= 2 ? { items: items(), date: date() } : false),
    (q) => getVisitSlots(q.items, q.date),
  );

  // abonements: undefined (not decided: on when exactly one can pay an item), null (no), or the chosen one's id.
  const [abonementId, setAbonementId] = createSignal<number | null | undefined>(undefined);
  const [abonementError, setAbonementError] = createSignal<string | null>(null);
  const withAbonement = () => typeof abonementId() === "number";
  // No-show protection: the server prices the placed items for this customer, so the deposits show before booking;
  // with an abonement, the items it would pay and what is left.
  const [quote] = createResource(
    () => {
      const slot = chosen();
      const paying = withAbonement() ? { abonement_id: abonementId() as number } : {};
      return slot && user() ? JSON.stringify({ items: slot.items.map((i) => ({ service_id: i.service_id, staff_id: i.staff_id })), date: date(), ...paying }) : false;
    },
    async (key) => (await quoteVisit(JSON.parse(key))).quote,
  );
  const quoted = () => settled(quote) ?? null;
  const depositOf = (index: number) => {
    const q = quoted()?.items[index];
    return q?.deposit_rule && q.prepayment ? q.prepayment : null;
  };
  const coveredOf = (index: number) => (withAbonement() ? (quoted()?.items[index]?.abonement ?? null) : null);
  /** What the abonement pays of the visit and what is left (null without one). */
  const abonementTotals = () => {
    const q = quoted();
    const paid = q?.items.filter((i) => i.abonement) ?? [];
    if (!withAbonement() || !q || paid.length === 0) return null;
    const currency = q.items[0]!.price.currency;
    const covered = paid.reduce((sum, i) => sum + i.abonement!.covered.amount_minor, 0);
    const price = q.items.reduce((sum, i) => sum + i.price.amount_minor, 0);
    return { covered: { amount_minor: covered, currency }, left: { amount_minor: price - covered, currency } };
  };
  /** The chosen slot's items as the abonement choice reads them. */
  const abonementItems = () =>
    (chosen()?.items ?? []).map((i) => ({ serviceId: i.service_id, staffId: i.staff_id, date: date(), startAt: i.start_at }));
  const deposits = () => {
    const q = quoted();
    const items = q?.items.filter((i) => i.deposit_rule && i.prepayment) ?? [];
    if (items.length === 0) return null;
    return { amount: { amount_minor: items.reduce((sum, i) => sum + i.prepayment!.amount_minor, 0), currency: items[0]!.prepayment!.currency }, hours: items[0]!.deposit_refund_hours };
  };

  const masterName = (serviceId: number, staffId: number) => detailOf(serviceId)?.staff.find((m) => m.id === staffId)?.name ?? "";
  const priceOf = (serviceId: number, staffId: number) => {
    const d = detailOf(serviceId);
    const own = d?.staff.find((m) => m.id === staffId)?.own_terms;
    return own?.price ?? d?.service.price;
  };
  const total = () => {
    const slot = chosen();
    if (!slot) return null;
    const prices = slot.items.map((i) => priceOf(i.service_id, i.staff_id));
    if (prices.some((p) => !p)) return null;
    return { amount_minor: prices.reduce((sum, p) => sum + p!.amount_minor, 0), currency: prices[0]!.currency };
  };

  const [error, setError] = createSignal<string | null>(null);
  const [alternatives, setAlternatives] = createSignal<v.InferOutput<typeof VisitAlternative>[]>([]);
  const [busy, setBusy] = createSignal(false);
  // certificates: a gift certificate's code pays the visit's items in order (the server shares it out and spends it).
  const [certificateCode, setCertificateCode] = createSignal("");
  // One key per distinct request, so a retry after a lost answer books once.
  let key: { body: string; value: string } | null = null;

  const submit = async () => {
    const slot = chosen();
    if (!slot || !user()) return;
    const code = certificateCode().trim();
    // An abonement takes no certificate: the field is hidden while it is chosen.
    const paying = withAbonement() ? { abonement_id: abonementId() as number } : code ? { certificate_code: code } : {};
    const body = { items: items(), appointment_datetime: slot.start_at, ...paying };
    const serialized = JSON.stringify(body);
    if (key?.body !== serialized) key = { body: serialized, value: newKey() };
    setBusy(true);
    setError(null);
    setAlternatives([]);
    setAbonementError(null);
    try {
      const { visit } = await createVisit(body, key.value);
      // Items that need a prepayment are each held until paid: the first one's payment comes next.
      const held = visit.bookings.find((b) => b.status === "held" && b.prepayment);
      navigate(held ? `/bookings/${held.id}/pay` : `/bookings?visit=${visit.id}`);
    } catch (err) {
      if (err instanceof ApiRequestError) {
        if (err.code === "unauthorized") await signOut();
        const refusal = abonementRefusal(err.code);
        if (refusal) {
          setAbonementError(refusal);
          setError(null);
          return;
        }
        if (err.code === "slot_taken") {
          const details = v.safeParse(Alternatives, err.details);
          setAlternatives(details.success ? details.output.alternatives : []);
          void refetchSlots();
        }
      }
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const pickAlternative = (alt: v.InferOutput<typeof VisitAlternative>) => {
    setSearch({ date: alt.date });
    setChosen({ time: alt.time, start_at: alt.start_at, items: alt.items });
    setAlternatives([]);
    setError(null);
  };

  return (
    <Screen title={t("visit.title")} back={{ href: "/", label: t("common.backToServices") }}>
      <section class="card visit-items" aria-labelledby="visit-items-title">
        <h2 class="section-title" id="visit-items-title">
          {t("visit.services")}
        </h2>
        <ol class="plain-list">
          <For each={items()}>
            {(item, index) => (
              <li class="visit-item" data-service-id={item.service_id}>
                <strong>
                  {index() + 1}. {detailOf(item.service_id)?.service.name ?? "…"}
                </strong>
                <label class="visit-item__master">
                  <span class="sr-only">{t("book.master")}</span>
                  <select
                    data-testid={`visit-master-${index()}`}
                    value={String(item.staff_id)}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setItems(items().map((it, i) => (i === index() ? { ...it, staff_id: value === "any" ? "any" : Number(value) } : it)));
                    }}
                  >
                    {/* `selected` on the options: they arrive after the select's value is set. */}
                    <option value="any" selected={item.staff_id === "any"}>
                      {t("book.anyMaster")}
                    </option>
                    <For each={detailOf(item.service_id)?.staff ?? []}>
                      {(m) => (
                        <option value={String(m.id)} selected={item.staff_id === m.id}>
                          {m.name}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <button type="button" class="btn btn--small" aria-label={t("visit.remove")} onClick={() => setItems(items().filter((_, i) => i !== index()))}>
                  ×
                </button>
              </li>
            )}
          </For>
        </ol>
        <label class="field">
          <span>{t("visit.addService")}</span>
          <select
            data-testid="visit-add"
            value=""
            onChange={(e) => {
              const id = Number(e.currentTarget.value);
              e.currentTarget.value = "";
              if (id) setItems([...items(), { service_id: id, staff_id: "any" }]);
            }}
          >
            <option value="">{t("visit.pickService")}</option>
            <For each={bookable()}>
              {(s) => (
                <option value={String(s.id)}>
                  {s.name} · {formatDuration(s.duration_min, locale())}
                </option>
              )}
            </For>
          </select>
        </label>
        <Show when={items().length < 2}>
          <p class="hint">{t("visit.needTwo")}</p>
        </Show>
      </section>

      <Show when={items().length >= 2}>
        <h2 class="section-title">{t("book.date")}</h2>
        <MonthCalendar
          month={shownMonth()}
          days={counts.state === "ready" ? counts()?.days : undefined}
          selected={date()}
          canPrev={shownMonth() > bounds().first}
          canNext={shownMonth() < bounds().last}
          onMonth={(step) => setMonth(addMonths(shownMonth(), step))}
          onSelect={(day) => {
            setChosen(null);
            setSearch({ date: day });
          }}
        />
        <h2 class="section-title">
          {t("visit.times")} <span class="muted"> · {formatDay(date(), intlLocale())}</span>
        </h2>
        <Show when={failed(slots)}>
          {(err) => <ErrorPanel title={t("book.slotsError")} message={errorMessage(err(), locale())} onRetry={() => void refetchSlots()} />}
        </Show>
        <Show when={settled(slots)} fallback={<Show when={!failed(slots)}><div class="slots slots--skeleton shimmer" aria-hidden="true" /></Show>}>
          {(day) => (
            <Show when={day().slots.length > 0} fallback={<p class="empty-note">{t("visit.noTimes")}</p>}>
              <div class="slots" role="group" aria-label={t("visit.times")}>
                <For each={day().slots}>
                  {(slot) => (
                    <button
                      type="button"
                      class="slot"
                      classList={{ "slot--selected": chosen()?.start_at === slot.start_at }}
                      aria-pressed={chosen()?.start_at === slot.start_at}
                      data-time={slot.time}
                      onClick={() => setChosen(slot)}
                    >
                      {slot.time}
                    </button>
                  )}
                </For>
              </div>
            </Show>
          )}
        </Show>
      </Show>

      {/* Names and prices come with each service's details: the summary waits for them. */}
      <Show when={settled(details) && chosen()}>
        {(slot) => (
          <section class="card summary visit-summary" aria-label={t("details.summary")}>
            <p>{formatDay(date(), intlLocale(), { weekday: "long", day: "numeric", month: "long" })}</p>
            <ol class="plain-list">
              <For each={slot().items}>
                {(item, index) => (
                  <li class="visit-line" data-testid="visit-line">
                    <span class="visit-line__time">{item.local_time}</span>{" "}
                    <strong>{detailOf(item.service_id)?.service.name}</strong>
                    <span class="muted"> · {masterName(item.service_id, item.staff_id)} · {formatDuration(item.duration, locale())}</span>
                    <Show when={coveredOf(index())}>
                      <span class="muted" data-testid="visit-line-abonement">
                        {" "}
                        · {t("abonPay.itemMark")}
                      </span>
                    </Show>
                    <Show when={depositOf(index())}>
                      {(d) => (
                        <span class="muted" data-testid="visit-line-deposit">
                          {" "}
                          · {t("deposit.mark")} {formatPrice(d(), intlLocale())}
                        </span>
                      )}
                    </Show>
                    <Show when={priceOf(item.service_id, item.staff_id)}>{(p) => <span class="visit-line__price"> {formatPrice(p(), intlLocale())}</span>}</Show>
                  </li>
                )}
              </For>
            </ol>
            <Show when={total()}>
              {(sum) => (
                <p class="visit-total">
                  {t("details.total")}: <strong data-testid="visit-total">{formatPrice(sum(), intlLocale())}</strong>
                </p>
              )}
            </Show>
            <Show when={abonementTotals()}>
              {(ab) => (
                <dl class="facts totals" data-testid="abonement-totals">
                  <div>
                    <dt>{t("abonPay.covered")}</dt>
                    <dd data-testid="abonement-covered">{formatPrice(ab().covered, intlLocale())}</dd>
                  </div>
                  <div>
                    <dt>{t("abonPay.visitLeftToPay")}</dt>
                    <dd data-testid="abonement-left-to-pay">{formatPrice(ab().left, intlLocale())}</dd>
                  </div>
                </dl>
              )}
            </Show>
            <Show when={deposits()}>
              {(d) => (
                <p class="notice" role="note" data-testid="visit-deposit-rule">
                  {t("deposit.rule", { amount: formatPrice(d().amount, intlLocale()), hours: d().hours })}
                </p>
              )}
            </Show>
            <Show when={user()}>
              <AbonementChoice
                visit={abonementItems()}
                chosen={abonementId()}
                onChoose={(id) => {
                  setAbonementId(id);
                  setAbonementError(null);
                }}
                error={abonementError()}
              />
            </Show>
            <Show when={user() && !withAbonement()}>
              <CertificateField value={certificateCode()} onInput={setCertificateCode} hint={t("details.visitCertificateHint")} />
            </Show>
          </section>
        )}
      </Show>

      <Show when={error()}>
        {(message) => (
          <div class="error-panel" role="alert">
            <p>{message()}</p>
            <Show when={alternatives().length > 0}>
              <div class="slots" role="group" aria-label={t("visit.alternatives")}>
                <For each={alternatives()}>
                  {(alt) => (
                    <button type="button" class="slot" onClick={() => pickAlternative(alt)}>
                      {formatDay(alt.date, intlLocale())}, {alt.time}
                    </button>
                  )}
                </For>
              </div>
            </Show>
          </div>
        )}
      </Show>

      <div class="actions actions--sticky">
        <Show
          when={user()}
          fallback={
            <A class="btn btn--primary btn--wide" href={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}>
              {t("visit.signIn")}
            </A>
          }
        >
          <button type="button" class="btn btn--primary btn--wide" disabled={!chosen() || busy()} onClick={() => void submit()}>
            {busy() ? t("details.sending") : t("visit.submit")}
          </button>
        </Show>
      </div>
    </Screen>
  );
}
