// Plain data shapes of the slot engine, kept apart so routes and repositories
// can import them without pulling in the engine.

export type SlotReason =
  | "booked"
  | "break"
  | "past"
  | "notice"
  | "horizon"
  | "outside_hours"
  | "day_off"
  | "vacation";

/** Active rows only; several rows for one weekday make a split shift. */
export interface WeeklyHours {
  dayOfWeek: number;
  start: string;
  end: string;
  breaks: { start: string; end: string }[];
}

/** Inclusive dates. custom_hours replaces the day's hours; weekly breaks inside still apply. */
export interface ScheduleException {
  kind: "day_off" | "vacation" | "custom_hours";
  startDate: string;
  endDate: string;
  startTime: string | null;
  endTime: string | null;
}

/** UTC ISO, already including the booking's buffers. */
export interface BusyInterval {
  start: string;
  end: string;
}

/**
 * Where a day's start times are counted from: each working period's start
 * (12:15–18:00 with 30 minutes: 12:15, 12:45, …) or the clock (multiples of
 * the step from local midnight: 12:30, 13:00, …).
 */
export type SlotGrid = "period_start" | "clock";

export interface SlotRules {
  timeZone: string;
  stepMin: number;
  /** Absent: "period_start", the grid salons had before it was a setting. */
  grid?: SlotGrid;
  minNoticeMin: number;
  horizonDays: number;
}

export interface SlotQuery {
  date: string;
  /** service + add-ons */
  durationMin: number;
  bufferAfterMin: number;
  now: Date;
}

export interface Slot {
  /** HH:MM wall time in the salon zone */
  time: string;
  /** UTC ISO */
  start: string;
  /** UTC ISO, start + duration (the buffer is not part of what the client books) */
  end: string;
  available: boolean;
  duration: number;
  reason?: SlotReason;
}

export interface DayPlan {
  date: string;
  status: "open" | "day_off" | "vacation";
  slots: Slot[];
}

export interface StaffSchedule {
  week: WeeklyHours[];
  exceptions: ScheduleException[];
  busy: BusyInterval[];
  /**
   * Resources the service needs besides the master (rooms, machines): per
   * resource, per unit, the times that unit is taken or closed. A start is
   * free only if, for every resource, some one unit is free for the whole
   * occupied interval (a booking keeps its unit from start to end).
   */
  units?: BusyInterval[][][];
}
