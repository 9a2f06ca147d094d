import { For, Show, createEffect, createResource, createSignal, on } from "solid-js";
import type { CampaignAudience, MarketingChannel } from "../../../../worker/contracts/marketing";
import FormError from "../../components/FormError";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { errorMessage } from "../../data/errors";
import { intlLocale, locale } from "../../i18n";
import { getAdminServices, getAdminStaff, getCampaigns, previewCampaign, sendCampaign } from "../data/api";
import { newKey } from "../data/http";
import { at } from "../i18n";

const channelKey = { sms: "camp.sms", email: "camp.email", push: "camp.push" } as const;

/** Advertising to clients who consented (38-FZ): audience with a live count, text, send; past campaigns with their figures. Route: /admin/campaigns. */
export default function Campaigns() {
  const [channel, setChannel] = createSignal<MarketingChannel>("sms");
  const [audience, setAudience] = createSignal<CampaignAudience>({ not_seen_days: 60 });
  const [text, setText] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [staff] = createResource(getAdminStaff);
  const [services] = createResource(getAdminServices);
  const [preview] = createResource(() => ({ channel: channel(), audience: audience() }), previewCampaign);
  const [list, { refetch }] = createResource(getCampaigns);
  // One key per campaign as written: a double click or a retry sends it once; any change makes it a new one.
  let sendKey = newKey();
  createEffect(on([channel, audience, text], () => (sendKey = newKey()), { defer: true }));

  const setFilter = (key: keyof CampaignAudience, raw: string) => {
    const value = Number(raw);
    setAudience((a) => {
      const next = { ...a };
      if (raw.trim() && Number.isInteger(value) && value > 0) next[key] = value;
      else delete next[key];
      return next;
    });
  };

  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const { campaign } = await sendCampaign({ channel: channel(), text: text(), audience: audience() }, sendKey);
      setNotice(at("camp.sent", { n: campaign.matched - campaign.skipped_no_consent }));
      setText("");
      await refetch();
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const recipients = () => preview()?.recipients ?? 0;
  const day = (iso: string) => new Date(iso).toLocaleString(intlLocale(), { dateStyle: "short", timeStyle: "short" });

  return (
    <Screen title={at("camp.title")}>
      <p class="hint">{at("camp.law")}</p>
      <form class="form card" onSubmit={(e) => void send(e)} data-testid="campaign-form">
        <div class="field">
          <label for="camp-channel">{at("camp.channel")}</label>
          <select id="camp-channel" value={channel()} onChange={(e) => setChannel(e.currentTarget.value as MarketingChannel)}>
            <For each={["sms", "email", "push"] as const}>{(c) => <option value={c}>{at(channelKey[c])}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="camp-days">{at("camp.notSeen")}</label>
          <input id="camp-days" type="number" min="1" max="3650" inputmode="numeric" value={audience().not_seen_days ?? ""} onInput={(e) => setFilter("not_seen_days", e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="camp-master">{at("camp.master")}</label>
          <select id="camp-master" onChange={(e) => setFilter("staff_id", e.currentTarget.value)}>
            <option value="">{at("camp.any")}</option>
            <For each={staff()?.staff ?? []}>{(m) => <option value={m.id}>{m.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="camp-service">{at("camp.service")}</label>
          <select id="camp-service" onChange={(e) => setFilter("service_id", e.currentTarget.value)}>
            <option value="">{at("camp.any")}</option>
            <For each={services()?.services ?? []}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="camp-text">{at("camp.text")}</label>
          <textarea id="camp-text" rows="4" maxLength={1000} required value={text()} onInput={(e) => setText(e.currentTarget.value)} />
          <p class="hint">{at("camp.textHint")}</p>
        </div>
        <p class="notice" role="status" data-testid="campaign-preview">
          <Show when={preview()} fallback="…">
            {(p) => at("camp.preview", { matched: p().matched, recipients: p().recipients, skipped: p().skipped_no_consent })}
          </Show>
        </p>
        <FormError message={error()} />
        <Show when={notice()}>
          <p class="notice notice--cache" role="status" data-testid="campaign-sent">
            {notice()}
          </p>
        </Show>
        <button type="submit" class="btn btn--primary" disabled={busy() || recipients() === 0 || !text().trim()}>
          {at("camp.send", { n: recipients() })}
        </button>
      </form>
      <h2 class="section-title">{at("camp.list")}</h2>
      <Loadable of={list} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
        {(l) => (
          <Show when={l().campaigns.length > 0} fallback={<p class="empty-note">{at("camp.empty")}</p>}>
            <div class="table-wrap">
              <table class="data-table" data-testid="campaign-list">
                <thead>
                  <tr>
                    <th>{at("camp.date")}</th>
                    <th>{at("camp.channel")}</th>
                    <th>{at("camp.message")}</th>
                    <th class="num">{at("camp.matched")}</th>
                    <th class="num">{at("camp.sentCount")}</th>
                    <th class="num">{at("camp.queued")}</th>
                    <th class="num">{at("camp.skipped")}</th>
                    <th class="num">{at("camp.unsubscribed")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={l().campaigns}>
                    {(c) => (
                      <tr data-campaign-id={c.id}>
                        <td>{day(c.created_at)}</td>
                        <td>{at(channelKey[c.channel])}</td>
                        <td class="campaign-text">{c.text}</td>
                        <td class="num">{c.matched}</td>
                        <td class="num" data-col="sent">{c.sent}</td>
                        <td class="num">{c.queued}</td>
                        <td class="num">{c.skipped_no_consent + c.withdrawn_before_send}</td>
                        <td class="num" data-col="unsubscribed">{c.unsubscribed}</td>
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
