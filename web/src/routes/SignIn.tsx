import { useNavigate, useSearchParams } from "@solidjs/router";
import { Show, createSignal } from "solid-js";
import Screen from "../components/Screen";
import SignInForm from "../components/SignInForm";
import { sendCode, signIn, signOut, user } from "../data/session";
import { formatPhone } from "../format";
import { t } from "../i18n";

/** Sign-in by phone code. Route: /signin?next=/path. */
export default function SignIn() {
  const [params] = useSearchParams<{ next?: string }>();
  const navigate = useNavigate();
  const [phone, setPhone] = createSignal("");
  const next = () => (params.next?.startsWith("/") && !params.next.startsWith("//") ? params.next : "/bookings");

  return (
    <Screen title={t("signin.title")}>
      <Show
        when={user()}
        fallback={
          <SignInForm
            titled
            phone={phone()}
            onPhone={setPhone}
            onRequestCode={sendCode}
            onVerify={async (p, code, name, consentVersion) => {
              const u = await signIn(p, code, name, consentVersion);
              // The salon's people land on their side: admins on the back office, masters on their day.
              const home = u.role === "customer" ? next() : next() === "/bookings" || next() === "/" ? "/admin" : next();
              navigate(home, { replace: true });
            }}
          />
        }
      >
        {(u) => (
          <div class="card">
            <p>{t("signin.as", { name: u().name ?? formatPhone(u().phone) })}</p>
            <div class="actions">
              <button type="button" class="btn" onClick={() => void signOut()}>
                {t("signin.out")}
              </button>
            </div>
          </div>
        )}
      </Show>
    </Screen>
  );
}
