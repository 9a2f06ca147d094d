import { Show, createSignal } from "solid-js";
import { ApiRequestError } from "../data/api";
import { errorMessage } from "../data/errors";
import { consentVersionOf } from "../data/legal";
import { locale, t } from "../i18n";
import ConsentBox from "./ConsentBox";
import FormError from "./FormError";

type Props = {
  /** the screen's own heading already says "sign in": the form then has none of its own */
  titled?: boolean;
  phone: string;
  onPhone: (phone: string) => void;
  /** sends the code; resolves when sent, rejects (ApiRequestError) with what went wrong */
  onRequestCode: (phone: string) => Promise<{ channel: "sms" | "email" }>;
  /** `name` is the trimmed name, undefined when left empty; `consentVersion` once the person ticked the consent */
  onVerify: (phone: string, code: string, name: string | undefined, consentVersion?: number) => Promise<unknown>;
};

/** `attempts_left` of a wrong code (the API's error details), else null. */
function attemptsLeft(err: unknown): number | null {
  if (!(err instanceof ApiRequestError) || err.code !== "invalid_code") return null;
  const left = (err.details as { attempts_left?: unknown } | undefined)?.attempts_left;
  return typeof left === "number" && Number.isInteger(left) && left >= 0 ? left : null;
}

/** Phone → 6-digit code (→ name for a new customer). The route supplies the calls. */
export default function SignInForm(props: Props) {
  const [step, setStep] = createSignal<"phone" | "code">("phone");
  // Past the salon's hourly SMS budget the code goes to the account's email.
  const [byEmail, setByEmail] = createSignal(false);
  const [code, setCode] = createSignal("");
  const [name, setName] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // consent: asked once the server says this phone has not agreed (a new person); the same code is sent again.
  const [consentVersion, setConsentVersion] = createSignal<number | null>(null);
  const [agreed, setAgreed] = createSignal(false);
  let codeInput: HTMLInputElement | undefined;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      const version = consentVersionOf(err);
      if (version !== null) {
        setConsentVersion(version);
        setAgreed(false);
        setError(t("consent.needed"));
        return;
      }
      const left = attemptsLeft(err);
      setError(left === null ? errorMessage(err, locale()) : `${errorMessage(err, locale())} ${t("signin.attemptsLeft", { n: left })}`);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (step() === "phone") {
      void run(async () => {
        const sent = await props.onRequestCode(props.phone);
        setByEmail(sent.channel === "email");
        setStep("code");
        queueMicrotask(() => codeInput?.focus());
      });
    } else if (consentVersion() !== null && !agreed()) {
      setError(t("consent.tick"));
    } else {
      void run(() => props.onVerify(props.phone, code(), name().trim() || undefined, consentVersion() ?? undefined));
    }
  };

  return (
    <form class="form signin" onSubmit={submit} aria-labelledby={props.titled ? undefined : "signin-title"} aria-label={props.titled ? t("signin.title") : undefined} novalidate>
      <Show when={!props.titled}>
        <h2 class="section-title" id="signin-title">
          {t("signin.title")}
        </h2>
      </Show>
      <p class="muted">{t("signin.why")}</p>
      <div class="field">
        <label for="signin-phone">{t("signin.phone")}</label>
        <input
          id="signin-phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          placeholder="+7 999 123-45-67"
          value={props.phone}
          readOnly={step() === "code"}
          onInput={(e) => props.onPhone(e.currentTarget.value)}
        />
      </div>
      <Show when={step() === "code"}>
        <div class="field">
          <label for="signin-code">{t("signin.code")}</label>
          <input
            id="signin-code"
            ref={codeInput}
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxLength={6}
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value.replace(/\D/g, ""))}
          />
          <p class="hint">{byEmail() ? t("signin.codeByEmail") : t("signin.codeHint")}</p>
        </div>
        <div class="field">
          <label for="signin-name">{t("signin.name")}</label>
          <input id="signin-name" type="text" autocomplete="name" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
      </Show>
      <Show when={step() === "code" && consentVersion()}>
        {(version) => <ConsentBox version={version()} checked={agreed()} onChange={setAgreed} />}
      </Show>
      <FormError message={error()} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={busy()}>
          {step() === "phone" ? t("signin.sendCode") : t("signin.verify")}
        </button>
        <Show when={step() === "code"}>
          <button type="button" class="btn" onClick={() => { setStep("phone"); setConsentVersion(null); }}>
            {t("signin.changePhone")}
          </button>
        </Show>
      </div>
    </form>
  );
}
