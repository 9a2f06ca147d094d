import { useNavigate, useSearchParams } from "@solidjs/router";
import { Show, createSignal } from "solid-js";
import SignInForm from "../components/SignInForm";
import { errorMessage } from "../data/errors";
import { sendCode, signIn, signOut, user } from "../data/session";
import { locale, t } from "../i18n";
import { usePageTitle } from "../page-title";

/** Sign-in by phone code. Route: /signin?next=/path. */
export default function SignIn() {
  usePageTitle(() => t("signin.title"));
  const [params] = useSearchParams<{ next?: string }>();
  const navigate = useNavigate();
  const [phone, setPhone] = createSignal("");
  const next = () => (params.next?.startsWith("/") && !params.next.startsWith("//") ? params.next : "/bookings");

  return (
    <div class="screen">
      <h1 class="page-title">{t("signin.title")}</h1>
      <Show
        when={user()}
        fallback={
          <SignInForm
            phone={phone()}
            onPhone={setPhone}
            onRequestCode={async (p) => {
              try {
                await sendCode(p);
              } catch (err) {
                throw new Error(errorMessage(err, locale()));
              }
            }}
            onVerify={async (p, code, name) => {
              try {
                const u = await signIn(p, code, name.trim() || undefined);
                navigate(u.role === "staff" && next() === "/bookings" ? "/staff" : next(), { replace: true });
              } catch (err) {
                throw new Error(errorMessage(err, locale()));
              }
            }}
          />
        }
      >
        {(u) => (
          <div class="card">
            <p>{t("signin.as", { name: u().name ?? u().phone })}</p>
            <div class="actions">
              <button type="button" class="btn" onClick={() => void signOut()}>
                {t("signin.out")}
              </button>
            </div>
          </div>
        )}
      </Show>
    </div>
  );
}
