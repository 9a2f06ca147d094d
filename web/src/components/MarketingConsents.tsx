import { For, Show, createResource, createSignal } from "solid-js";
import type { MarketingChannel, MarketingConsents as Consents } from "../../../worker/contracts/marketing";
import { errorMessage } from "../data/errors";
import { getMyMarketing, setMyMarketing } from "../data/marketing";
import { intlLocale, locale, t } from "../i18n";
import FormError from "./FormError";

const CHANNELS: MarketingChannel[] = ["sms", "email", "push"];
const channelKey = { sms: "marketing.sms", email: "marketing.email", push: "marketing.push" } as const;
const sourceKey = { profile: "marketing.source.profile", unsubscribe_link: "marketing.source.unsubscribe_link", admin: "marketing.source.admin" } as const;

const when = (iso: string) => new Date(iso).toLocaleString(intlLocale(), { dateStyle: "medium", timeStyle: "short" });

/** Advertising consent per channel in the profile: off until ticked, each change applied at once, with its history. */
export default function MarketingConsents() {
  const [consents, { mutate }] = createResource(getMyMarketing);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const toggle = async (channel: MarketingChannel, granted: boolean) => {
    setBusy(true);
    setError(null);
    try {
      mutate(await setMyMarketing({ [channel]: granted }));
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="marketing-title" data-testid="marketing-consents">
      <h2 class="section-title" id="marketing-title">
        {t("marketing.title")}
      </h2>
      <p class="hint">{t("marketing.text")}</p>
      <Show when={consents()} fallback={<Show when={consents.error}>{(e) => <FormError message={errorMessage(e(), locale())} />}</Show>}>
        {(c) => <Toggles consents={c()} busy={busy()} onToggle={(ch, on) => void toggle(ch, on)} />}
      </Show>
      <FormError message={error()} />
      <Show when={consents()?.history.length}>
        <details class="marketing-history">
          <summary>{t("marketing.history")}</summary>
          <ul data-testid="marketing-history">
            <For each={consents()!.history}>
              {(h) => (
                <li>
                  {when(h.changed_at)} — {t(channelKey[h.channel])}: {t(h.granted ? "marketing.given" : "marketing.withdrawn")} ({t(sourceKey[h.source])})
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
}

function Toggles(props: { consents: Consents; busy: boolean; onToggle: (channel: MarketingChannel, on: boolean) => void }) {
  return (
    <fieldset class="fieldset">
      <legend class="sr-only">{t("marketing.title")}</legend>
      <For each={CHANNELS}>
        {(channel) => (
          <label class="check-row">
            <input
              type="checkbox"
              name={`marketing-${channel}`}
              checked={props.consents.channels[channel].granted}
              disabled={props.busy}
              onChange={(e) => props.onToggle(channel, e.currentTarget.checked)}
            />{" "}
            {t(channelKey[channel])}
          </label>
        )}
      </For>
    </fieldset>
  );
}
