// A wall time the back office types can happen twice on the night the clocks
// go back: these ask which occurrence is meant and send its instant, since a
// wall time alone means the first one.
import { For, Show } from "solid-js";
import { wallMinutesToAllMs } from "../../../../worker/booking/zoned-time";
import { utcOffsetOf } from "../../data/slot-view";
import { toMinutes } from "../data/calendar";
import { at } from "../i18n";

/** Every instant of `time` on `date` in the salon's zone: two on a fall-back night's repeated hour, one otherwise (none when unknown). */
export function instantsOf(date: string, time: string, zone: string | undefined): string[] {
  if (!zone || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return [];
  return wallMinutesToAllMs(date, toMinutes(time), zone).map((ms) => new Date(ms).toISOString());
}

/** What to send as `appointment_datetime`: the occurrence picked in the form, else the wall time. */
export const appointmentOf = (form: FormData, date: string, time: string, instants: string[]) =>
  instants.length > 1 ? String(form.get("occurrence")) : `${date}T${time}`;

/** Radio buttons named `occurrence` (value: the instant), shown only when the time happens twice. */
export default function RepeatedTimeChoice(props: { time: string; instants: string[] }) {
  return (
    <Show when={props.instants.length > 1}>
      <fieldset class="fieldset">
        <legend>{at("cal.twiceTime", { time: props.time })}</legend>
        <For each={props.instants}>
          {(instant, i) => (
            <label class="choice">
              <input type="radio" name="occurrence" value={instant} checked={i() === 0} /> {at(i() === 0 ? "cal.twinFirst" : "cal.twinSecond", { offset: utcOffsetOf({ time: props.time, start_at: instant }) })}
            </label>
          )}
        </For>
      </fieldset>
    </Show>
  );
}
