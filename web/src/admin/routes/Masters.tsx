import { useSearchParams } from "@solidjs/router";
import { For, Show, createResource } from "solid-js";
import type { AdminStaff, CreateStaffBody, StaffServiceLink } from "../../../../worker/contracts/admin";
import Loadable from "../../components/Loadable";
import Screen from "../../components/Screen";
import { formatPrice } from "../../format";
import { intlLocale } from "../../i18n";
import { settled } from "../../resource";
import ActiveToggle from "../components/ActiveToggle";
import SaveActions from "../components/SaveActions";
import SaveOutcome from "../components/SaveOutcome";
import { createStaff, deactivateStaff, getAdminServices, getAdminStaff, updateStaff } from "../data/api";
import { createAttempt } from "../data/attempt";
import { ApiRequestError } from "../../data/api";
import { intOrNull, kopecksOrNull, text, textOrNull } from "../data/form";
import { roublesText } from "../data/money";
import { at } from "../i18n";

/** The phone is someone's account already: linking it gives them the master's calendar, so the admin says yes first. */
function confirmLink(err: unknown): boolean {
  if (!(err instanceof ApiRequestError) || err.code !== "phone_belongs_to_user") return false;
  const user = (err.details as { user?: { id: number; name: string | null; role: string } } | undefined)?.user;
  return window.confirm(at("staff.linkExisting", { who: user ? `${user.name ?? "—"} (${user.role}, id ${user.id})` : "?" }));
}

/** Masters: profile, sign-in phone, the services they do with their own price and duration. Route: /admin/masters. */
export default function Masters() {
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const [staff, { refetch }] = createResource(getAdminStaff);
  const [services] = createResource(getAdminServices);
  const list = () => settled(staff)?.staff ?? [];
  const selected = (): AdminStaff | "new" | undefined => (params.id === "new" ? "new" : list().find((s) => s.id === Number(params.id)));

  const { error, notice, attempt } = createAttempt(refetch);

  const save = (form: HTMLFormElement, current: AdminStaff | "new") => {
    const f = new FormData(form);
    const links: StaffServiceLink[] = f.getAll("service").map((id) => ({
      service_id: Number(id),
      price_minor: kopecksOrNull(f, `price_${id}`),
      duration_min: intOrNull(f, `duration_${id}`),
    }));
    const body: CreateStaffBody = {
      name: text(f, "name"),
      specialization: textOrNull(f, "specialization"),
      photo_url: textOrNull(f, "photo_url"),
      bio: textOrNull(f, "bio"),
      phone: textOrNull(f, "phone"),
      email: textOrNull(f, "email"),
      link_existing: false,
      services: links,
    };
    const send = async (b: CreateStaffBody) => {
      if (current !== "new") return void (await updateStaff(current.id, b));
      const { staff: created } = await createStaff(b);
      setParams({ id: String(created.id) });
    };
    void attempt(() => send(body).catch((err) => (confirmLink(err) ? send({ ...body, link_existing: true }) : Promise.reject(err))));
  };

  return (
    <Screen title={at("staff.title")}>
      <SaveOutcome error={error()} notice={notice()} />
      <div class="panel-grid">
        <div>
          <div class="actions">
            <button type="button" class="btn btn--primary" onClick={() => setParams({ id: "new" })}>
              {at("staff.new")}
            </button>
          </div>
          <Loadable of={staff} errorTitle={at("admin.loadError")} onRetry={() => void refetch()}>
            {() => (
              <ul class="pick-list" aria-label={at("staff.title")}>
                <For each={list()}>
                  {(m) => (
                    <li data-staff-id={m.id}>
                      <button type="button" aria-pressed={selected() === m} onClick={() => setParams({ id: String(m.id) })}>
                        {m.name}
                        <span class="muted">
                          {" "}
                          · {m.specialization ?? ""}
                          {m.active ? "" : ` · ${at("admin.inactive")}`}
                        </span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Loadable>
        </div>
        <Show when={selected()}>
          {(current) => {
            const m = () => (current() === "new" ? null : (current() as AdminStaff));
            const link = (serviceId: number) => m()?.services.find((l) => l.service_id === serviceId);
            return (
              <form class="form card" aria-label={m()?.name ?? at("staff.new")} onSubmit={(e) => (e.preventDefault(), save(e.currentTarget, current()))}>
                <div class="form--inline">
                  <div class="field">
                    <label for="st-name">{at("staff.name")}</label>
                    <input id="st-name" name="name" required maxLength={100} value={m()?.name ?? ""} />
                  </div>
                  <div class="field">
                    <label for="st-spec">{at("staff.specialization")}</label>
                    <input id="st-spec" name="specialization" maxLength={200} value={m()?.specialization ?? ""} />
                  </div>
                  <div class="field">
                    <label for="st-phone">{at("staff.phone")}</label>
                    <input id="st-phone" name="phone" type="tel" value={m()?.user?.phone ?? ""} />
                  </div>
                  <div class="field">
                    <label for="st-email">Email</label>
                    <input id="st-email" name="email" type="email" value={m()?.user?.email ?? ""} />
                  </div>
                </div>
                <div class="field">
                  <label for="st-photo">{at("staff.photo")}</label>
                  <input id="st-photo" name="photo_url" type="url" value={m()?.photo_url ?? ""} />
                </div>
                <div class="field">
                  <label for="st-bio">{at("staff.bio")}</label>
                  <textarea id="st-bio" name="bio" rows={2} maxLength={2000} value={m()?.bio ?? ""} />
                </div>
                <div class="table-wrap">
                  <table class="data-table">
                    <caption class="section-title">{at("staff.services")}</caption>
                    <thead>
                      <tr>
                        <th>{at("book.service")}</th>
                        <th class="num">{at("svc.price")}</th>
                        <th>{at("staff.ownPrice")}</th>
                        <th>{at("staff.ownDuration")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={(settled(services)?.services ?? []).filter((s) => s.active)}>
                        {(s) => (
                          <tr data-service-id={s.id}>
                            <td>
                              <label class="choice">
                                <input type="checkbox" name="service" value={s.id} checked={Boolean(link(s.id))} /> {s.name}
                              </label>
                            </td>
                            <td class="num">
                              {formatPrice(s.price, intlLocale())} · {s.duration_min}′
                            </td>
                            <td>
                              <input name={`price_${s.id}`} inputmode="decimal" aria-label={`${at("staff.ownPrice")}: ${s.name}`} value={link(s.id)?.price_minor != null ? roublesText(link(s.id)!.price_minor!) : ""} />
                            </td>
                            <td>
                              <input name={`duration_${s.id}`} type="number" min="5" step="5" aria-label={`${at("staff.ownDuration")}: ${s.name}`} value={link(s.id)?.duration_min ?? ""} />
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <SaveActions>
                  <ActiveToggle of={m()} onActivate={(st) => void attempt(() => updateStaff(st.id, { active: true, link_existing: false }))} onDeactivate={(st) => void attempt(() => deactivateStaff(st.id))} />
                </SaveActions>
              </form>
            );
          }}
        </Show>
      </div>
    </Screen>
  );
}
