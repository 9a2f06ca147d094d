import { useNavigate } from "@solidjs/router";
import { Show, createSignal } from "solid-js";
import FormError from "../components/FormError";
import MarketingConsents from "../components/MarketingConsents";
import Screen from "../components/Screen";
import { errorMessage } from "../data/errors";
import { deleteMyAccount, updateProfile } from "../data/manage";
import { downloadExport } from "../data/legal";
import { rememberUser, signOut, signOutEverywhere, user } from "../data/session";
import { locale, t } from "../i18n";

/** Name and email (messages go to it), advertising consent per channel, signing out everywhere and deleting the account; sign-out of this device is in the menu. Route: /profile. */
export default function Profile() {
  const navigate = useNavigate();
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [confirmDelete, setConfirmDelete] = createSignal(false);

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get("name") ?? "").trim();
    const email = String(form.get("email") ?? "").trim();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const { user: next } = await updateProfile({ ...(name ? { name } : {}), email: email || null });
      await rememberUser(next);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setBusy(false);
    }
  };

  const [exporting, setExporting] = createSignal(false);
  const exportData = async () => {
    setExporting(true);
    setError(null);
    try {
      await downloadExport("/me/export", "my-data.json");
    } catch (err) {
      setError(errorMessage(err, locale()));
    } finally {
      setExporting(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteMyAccount();
      await signOut();
      navigate("/?account=deleted", { replace: true });
    } catch (err) {
      setError(errorMessage(err, locale()));
      setBusy(false);
    }
  };

  const everywhere = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOutEverywhere();
      navigate("/", { replace: true });
    } catch (err) {
      setError(errorMessage(err, locale()));
      setBusy(false);
    }
  };

  return (
    <Screen title={t("profile.title")}>
      <Show when={user()} fallback={<p class="hint">{t("profile.signedOut")}</p>}>
        {(me) => (
          <>
            <form class="form card" onSubmit={(e) => void save(e)}>
              <p class="muted">{t("profile.phone", { phone: me().phone })}</p>
              <div class="field">
                <label for="profile-name">{t("profile.name")}</label>
                <input id="profile-name" name="name" autocomplete="name" maxLength={100} value={me().name ?? ""} />
              </div>
              <div class="field">
                <label for="profile-email">{t("profile.email")}</label>
                <input id="profile-email" name="email" type="email" autocomplete="email" maxLength={200} value={me().email ?? ""} />
                <p class="hint">{t("profile.emailHint")}</p>
              </div>
              <FormError message={error()} />
              <Show when={saved()}>
                <p class="notice notice--cache" role="status" data-testid="profile-saved">
                  {t("profile.saved")}
                </p>
              </Show>
              <button type="submit" class="btn btn--primary" disabled={busy()}>
                {t("profile.save")}
              </button>
            </form>
            <section class="card" aria-labelledby="profile-data-title">
              <h2 class="section-title" id="profile-data-title">
                {t("profile.dataTitle")}
              </h2>
              <p>{t("profile.dataText")}</p>
              <div class="actions">
                <button type="button" class="btn" disabled={exporting()} onClick={() => void exportData()}>
                  {t("profile.export")}
                </button>
                <a class="btn btn--link" href="/legal/privacy">
                  {t("legal.privacyTitle")}
                </a>
              </div>
            </section>
            <MarketingConsents />
            <section class="card" aria-label={t("profile.sessionsTitle")}>
              <h2 class="section-title">{t("profile.sessionsTitle")}</h2>
              <p>{t("profile.sessionsText")}</p>
              <button type="button" class="btn" disabled={busy()} onClick={() => void everywhere()} data-testid="sign-out-everywhere">
                {t("profile.signOutEverywhere")}
              </button>
            </section>
            <Show when={me().role === "customer"}>
              <section class="card danger-zone" aria-label={t("profile.deleteTitle")}>
                <h2 class="section-title">{t("profile.deleteTitle")}</h2>
                <p>{t("profile.deleteText")}</p>
                <Show
                  when={confirmDelete()}
                  fallback={
                    <button type="button" class="btn btn--danger" onClick={() => setConfirmDelete(true)}>
                      {t("profile.delete")}
                    </button>
                  }
                >
                  <div class="confirm-box" role="group" aria-label={t("profile.deleteConfirm")}>
                    <p>{t("profile.deleteConfirm")}</p>
                    <button type="button" class="btn btn--danger" disabled={busy()} onClick={() => void remove()}>
                      {t("profile.deleteYes")}
                    </button>
                    <button type="button" class="btn" onClick={() => setConfirmDelete(false)}>
                      {t("booking.cancelNo")}
                    </button>
                  </div>
                </Show>
              </section>
            </Show>
          </>
        )}
      </Show>
    </Screen>
  );
}
