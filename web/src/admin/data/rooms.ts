// The calendar's rooms view: one column per unit of each room or machine
// (Кабинет 1 · 1, Кабинет 1 · 2), holding the bookings that got that unit.
import type { Calendar } from "../../../../worker/contracts/admin";
import type { AdminResource } from "../../../../worker/contracts/resources";
import type { GridItem } from "../components/DayColumn";
import { bookingSpan, shownOnGrid, type WorkDay } from "./calendar";

export function roomColumns(resources: AdminResource[], data: Calendar, window: [number, number], label: (name: string, unit: number) => string) {
  // A room is open over the whole grid; its own hours show as the bookings it can take.
  const day: WorkDay = { closed: null, open: [window], breaks: [] };
  return resources.flatMap((r) =>
    Array.from({ length: r.units }, (_, i) => {
      const unit = i + 1;
      const items = data.bookings
        .filter((b) => b.local_date === data.from && shownOnGrid(b) && b.resources?.some((x) => x.id === r.id && x.unit === unit))
        .map((b) => ({ item: { kind: "booking", booking: b } as GridItem, ...bookingSpan(b) }));
      return { staff: null, date: data.from, label: label(r.name, unit), day, items };
    }),
  );
}
