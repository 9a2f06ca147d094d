import { A } from "@solidjs/router";
import { For } from "solid-js";
import { formatDay } from "../../format";
import { intlLocale } from "../../i18n";
import type { StrandedBooking } from "../data/schedules";
import { at } from "../i18n";

type Props = { bookings: StrandedBooking[]; onForce: () => void; onCancel: () => void };

/** A refused schedule change: the bookings it would strand, each openable, before the admin forces it. */
export default function StrandedGuard(props: Props) {
  return (
    <div class="stranded" role="alert">
      <p>{at("sched.conflict")}</p>
      <ul class="plain-list">
        <For each={props.bookings}>
          {(b) => (
            <li data-booking-id={b.id}>
              <A href={`/admin/calendar?date=${b.local_date}`}>
                №{b.id}: {formatDay(b.local_date, intlLocale())}, {b.local_time}
              </A>
            </li>
          )}
        </For>
      </ul>
      <div class="actions">
        <button type="button" class="btn btn--danger" onClick={() => props.onForce()}>
          {at("sched.force")}
        </button>
        <button type="button" class="btn" onClick={() => props.onCancel()}>
          {at("admin.cancel")}
        </button>
      </div>
    </div>
  );
}
