import { A, useParams } from "@solidjs/router";
import { Match, Switch, createResource, createSignal } from "solid-js";
import FormError from "../components/FormError";
import PageSkeleton from "../components/PageSkeleton";
import Screen from "../components/Screen";
import { ApiRequestError } from "../data/api";
import { errorMessage } from "../data/errors";
import { getUnsubscribe, unsubscribe } from "../data/marketing";
import { locale, t } from "../i18n";

const channelKey = { sms: "unsubscribe.sms", email: "unsubscribe.email", push: "unsubscribe.push" } as const;

/** The link at the end of an advertising message: confirms, then stops advertising on that channel, without signing in. Route: /u/:token. */
export default function Unsubscribe() {
  const params = useParams<{ token: string }>();
  const [state, { mutate }] = createResource(() => params.token, getUnsubscribe);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      mutate(await unsubscribe(params.token));
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const invalid = () => state.error instanceof ApiRequestError && state.error.status === 404;

  return (
    <Screen title={t("unsubscribe.title")}>
      <Switch fallback={<PageSkeleton rows={1} />}>
        <Match when={invalid()}>
          <section class="card link-dead" data-testid="link-dead" role="status">
            <h2>{t("unsubscribe.invalid")}</h2>
            <A class="btn" href="/">
              {t("notFound.home")}
            </A>
          </section>
        </Match>
        <Match when={state.error}>
          <FormError message={errorMessage(state.error, locale())} />
        </Match>
        <Match when={state() && !state()!.subscribed}>
          <p class="notice notice--cache" role="status" data-testid="unsubscribed">
            {t("unsubscribe.done", { channel: t(channelKey[state()!.channel]) })}
          </p>
          <p class="hint">{t("unsubscribe.serviceStill")}</p>
        </Match>
        <Match when={state()}>
          {(s) => (
            <section class="card">
              <p>{t("unsubscribe.question", { channel: t(channelKey[s().channel]) })}</p>
              <p class="hint">{t("unsubscribe.serviceStill")}</p>
              <FormError message={error()} />
              <button type="button" class="btn btn--primary" disabled={busy()} onClick={() => void confirm()}>
                {t("unsubscribe.confirm")}
              </button>
            </section>
          )}
        </Match>
      </Switch>
    </Screen>
  );
}
