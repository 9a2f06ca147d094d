import { A, useSearchParams } from "@solidjs/router";
import { For, Show, createResource, createSignal } from "solid-js";
import { statusKey } from "../../components/BookingCard";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { formatDay, formatPhone, formatPrice } from "../../format";
import { intlLocale, locale, t } from "../../i18n";
import SaveActions from "../components/SaveActions";
import { getClient, saveClientNotes, searchClients } from "../data/api";
import { setDepositWaiver } from "../data/money-products";
import FormError from "../../components/FormError";
import { downloadExport } from "../../data/legal";
import type { ClientCard } from "../../../../worker/contracts/admin";
import { at } from "../i18n";

/** Client search (/admin/clients?q=) and a client's card (/admin/clients/{id}). */
export default function Clients(props: { id?: string }) {
  return <Show when={Number(props.id) || null} fallback={<ClientSearch />}>{(id) => <ClientCardScreen id={id()} />}</Show>;
}

function ClientSearch() {
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [found, { refetch }] = createResource(() => params.q ?? "", searchClients);
  return (
    <Screen title={at("clients.title")}>
      <form
        class="input-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ q: (e.currentTarget.elements.namedItem("q") as HTMLInputElement).value.trim() });
        }}
      >
        <input name="q" type="search" aria-label={at("clients.query")} placeholder={at("clients.query")} value={params.q ?? ""} />
        <button type="submit" class="btn btn--primary">
          {at("admin.search")}
        </button>
      </form>
      <Loadable of={found} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(r) => (
          <Show when={r().clients.length > 0} fallback={<p class="empty-note">{at("clients.empty")}</p>}>
            <div class="table-wrap">
              <table class="data-table">
                <thead>
                  <tr>
                    <th>{at("book.name")}</th>
                    <th>{at("book.phone")}</th>
                    <th class="num">{at("clients.visits")}</th>
                    <th>{at("clients.lastVisit")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().clients}>
                    {(c) => (
                      <tr data-client-id={c.id}>
                        <td>
                          <A href={`/admin/clients/${c.id}`}>{c.name ?? "—"}</A>
                        </td>
                        <td>{formatPhone(c.phone)}</td>
                        <td class="num">{c.visits}</td>
                        <td>{c.last_visit_at ? new Date(c.last_visit_at).toLocaleDateString(intlLocale()) : "—"}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Loadable>
    </Screen>
  );
}

/** consent: whether the client agreed to the text in force, and their data for a written request. */
function ClientConsent(props: { id: number; consent: ClientCard["consent"] }) {
  const [error, setError] = createSignal<string | null>(null);
  const status = () => {
    const c = props.consent;
    if (c.given === null) return at("clients.consentNone");
    const date = c.given_at ? new Date(c.given_at).toLocaleDateString(intlLocale()) : "";
    return c.needed ? at("clients.consentOld", { version: c.given, current: c.current, date }) : at("clients.consentGiven", { version: c.given, date });
  };
  return (
    <div class="actions" data-testid="client-consent">
      <span>{status()}</span>
      <button
        type="button"
        class="btn btn--small"
        onClick={() => {
          setError(null);
          downloadExport(`/admin/clients/${props.id}/export`, `client-${props.id}.json`).catch((err: unknown) => setError(errorMessage(err, locale())));
        }}
      >
        {at("clients.export")}
      </button>
      <FormError message={error()} />
    </div>
  );
}

/** The admin's exception to the no-show deposit policy for this one client (audited on the server). */
function DepositWaiverToggle(props: { id: number; waived: boolean }) {
  const [waived, setWaived] = createSignal(props.waived);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const change = async (next: boolean) => {
    setError(null);
    setSaved(false);
    try {
      setWaived((await setDepositWaiver(props.id, next)).waiver.waived);
      setSaved(true);
    } catch (err) {
      setWaived(!next);
      setError(errorMessage(err, locale()));
    }
  };
  return (
    <div class="actions" data-testid="deposit-waiver">
      <label class="check">
        <input type="checkbox" checked={waived()} onChange={(e) => void change(e.currentTarget.checked)} /> {at("clients.depositWaived")}
      </label>
      <Show when={saved()}>
        <span role="status">{at("admin.saved")}</span>
      </Show>
      <FormError message={error()} />
    </div>
  );
}

function ClientCardScreen(props: { id: number }) {
  const [card, { refetch }] = createResource(() => props.id, getClient);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  return (
    <Loadable of={card} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
      {(c) => (
        <Screen title={c().client.name ?? formatPhone(c().client.phone)} back={{ href: "/admin/clients", label: `← ${at("clients.title")}` }}>
          <p>
            <a class="tel" href={`tel:${c().client.phone}`}>
              {formatPhone(c().client.phone)}
            </a>
            <Show when={c().client.email}> · {c().client.email}</Show>
          </p>
          <ClientConsent consent={c().consent} id={props.id} />
          <DepositWaiverToggle id={props.id} waived={c().deposit_waived} />
          <div class="kpis">
            <div class="kpi">
              <div class="kpi__value">{c().totals.visits}</div>
              <div class="kpi__label">{at("clients.visits")}</div>
            </div>
            <div class="kpi">
              <div class="kpi__value">{formatPrice(c().totals.total_spent, intlLocale())}</div>
              <div class="kpi__label">{at("clients.spent")}</div>
            </div>
            <div class="kpi">
              <div class="kpi__value">{c().totals.no_shows}</div>
              <div class="kpi__label">{at("clients.noShows")}</div>
            </div>
            <div class="kpi">
              <div class="kpi__value">{c().totals.cancellations}</div>
              <div class="kpi__label">{at("clients.cancellations")}</div>
            </div>
            <div class="kpi">
              <div class="kpi__value">{c().loyalty_points / 100}</div>
              <div class="kpi__label">{at("clients.loyalty")}</div>
            </div>
          </div>
          <form
            class="form"
            onSubmit={async (e) => {
              e.preventDefault();
              setError(null);
              setSaved(false);
              const notes = (e.currentTarget.elements.namedItem("notes") as HTMLTextAreaElement).value.trim();
              try {
                await saveClientNotes(props.id, notes || null);
                setSaved(true);
              } catch (err) {
                setError(errorMessage(err, locale()));
              }
            }}
          >
            <div class="field">
              <label for="client-notes">{at("clients.notes")}</label>
              <textarea id="client-notes" name="notes" rows={3} maxLength={5000} value={c().client.notes ?? ""} />
            </div>
            <SaveActions error={error()} saved={saved()} />
          </form>
          <h2 class="section-title">{at("clients.visits")}</h2>
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th>{at("panel.when")}</th>
                  <th>{at("panel.services")}</th>
                  <th>{at("panel.master")}</th>
                  <th class="num">{at("panel.price")}</th>
                  <th>{at("panel.status")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={c().bookings}>
                  {(b) => (
                    <tr data-booking-id={b.id}>
                      <td>
                        {formatDay(b.local_date, intlLocale())}, {b.local_time}
                      </td>
                      <td>{[b.service?.name ?? "—", ...b.addons.map((a) => a.name)].join(" + ")}</td>
                      <td>{b.staff?.name ?? "—"}</td>
                      <td class="num">{formatPrice(b.price, intlLocale())}</td>
                      <td>{t(statusKey(b.status))}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Screen>
      )}
    </Loadable>
  );
}
