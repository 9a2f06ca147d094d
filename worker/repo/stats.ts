// Statistics in SQL, straight over bookings, payments and schedules (no second
// copy of the data). All queries go to the database in one batch. What each
// figure means is written down in worker/contracts/stats.ts.
import { type SQL, sql } from "drizzle-orm";
import type { Group, OffsetSegment } from "../stats/periods.js";
import type { Db } from "./db.js";

export interface StatsScope {
  group: Group;
  /** The salon zone's offsets over the range (see offsetSegments). */
  offsets: OffsetSegment[];
  from: string;
  to: string;
  /** The range as UTC instants [start, end). */
  start: string;
  end: string;
  staffId: number | null;
}

/** Bookings that count: everything but live holds and holds that lapsed unpaid. */
const counted = sql.raw(`b.status <> 'held' and not (b.status = 'cancelled' and coalesce(b.cancel_reason, '') = 'hold_expired')`);
const minutes = (col: string) => sql.raw(`(cast(substr(${col}, 1, 2) as integer) * 60 + cast(substr(${col}, 4, 2) as integer))`);
const bookedMinutes = sql.raw(`round((julianday(b.end_at) - julianday(b.start_at)) * 1440)`);

/**
 * Online money per booking: kept (succeeded payments less what was refunded),
 * refunded, and loyalty points spent (aggregated once, then joined); onepay: a
 * visit's payment counts for each item by its share less what was claimed back of it.
 */
const keptOnline = sql.raw(
  `left join (select booking_id, sum(kept) as kept, sum(refunded) as refunded, sum(points) as points from (
    select p.booking_id, p.amount_minor - p.refunded_minor as kept, p.refunded_minor as refunded, p.points_used as points from payments p where p.status in ('succeeded', 'refunded') and p.visit_id is null
    union all
    select i.booking_id, i.amount_minor - i.refund_minor as kept, i.refund_minor as refunded, i.points as points from payment_items i join payments p on p.id = i.payment_id where p.status in ('succeeded', 'refunded')
  ) group by booking_id) pk on pk.booking_id = b.id`,
);

function inScope(s: StatsScope): SQL {
  const staff = s.staffId === null ? sql`` : sql` and b.staff_id = ${s.staffId}`;
  return sql`b.start_at >= ${s.start} and b.start_at < ${s.end} and ${counted}${staff}`;
}

/** The salon date a booking starts on, from its UTC start and the zone's offset then. */
function localDate(offsets: OffsetSegment[]): SQL {
  const shift = (o: OffsetSegment) => `${o.offsetMin >= 0 ? "+" : ""}${o.offsetMin} minutes`;
  if (offsets.length === 1) return sql`date(b.start_at, ${shift(offsets[0]!)})`;
  const later = [...offsets].reverse();
  return sql`(case ${sql.join(later.slice(0, -1).map((o) => sql`when b.start_at >= ${o.from} then date(b.start_at, ${shift(o)})`), sql` `)} else date(b.start_at, ${shift(later[later.length - 1]!)}) end)`;
}

/** The first salon date of the period a booking falls in: the day, its week's Monday, its month's 1st. */
function periodOf(s: StatsScope): SQL {
  const day = localDate(s.offsets);
  if (s.group === "day") return day;
  if (s.group === "week") return sql`date(${day}, '-6 days', 'weekday 1')`;
  return sql`strftime('%Y-%m-01', ${day})`;
}

export interface SeriesRow {
  label: string;
  bookings: number;
  completed: number;
  cancelled: number;
  no_show: number;
  revenue_paid: number;
  revenue_expected: number;
  completed_revenue: number;
}

function seriesQuery(db: Db, s: StatsScope) {
  return db.all<SeriesRow>(sql`
    select ${periodOf(s)} as label,
      count(*) as bookings,
      sum(b.status = 'completed') as completed,
      sum(b.status = 'cancelled') as cancelled,
      sum(b.status = 'no_show') as no_show,
      sum(case when b.status = 'completed' then b.price_total_minor else coalesce(pk.kept, 0) end) as revenue_paid,
      sum(case when b.status in ('cancelled', 'no_show') then 0 else b.price_total_minor end) as revenue_expected,
      sum(case when b.status = 'completed' then b.price_total_minor else 0 end) as completed_revenue
    from bookings b ${keptOnline}
    where ${inScope(s)}
    group by label order by label`);
}

export interface StaffRow {
  staff_id: number;
  name: string;
  bookings: number;
  revenue_expected: number;
  booked_min: number;
  working_min: number;
}

/**
 * Per master: bookings, expected revenue, booked minutes (not cancelled) and
 * working minutes — each date's weekly hours less breaks, or the custom hours
 * of an exception less the breaks inside them, or nothing on a day off or vacation.
 */
function staffQuery(db: Db, s: StatsScope) {
  const staffFilter = s.staffId === null ? sql`` : sql` where st.id = ${s.staffId}`;
  const covering = (kinds: string) =>
    sql.raw(`from schedule_exceptions e where e.staff_id = md.staff_id and e.start_date <= md.d and e.end_date >= md.d and e.kind in (${kinds})`);
  const breaksOfDay = sql.raw(
    `from staff_schedule_breaks br join staff_schedules ss on br.schedule_id = ss.id where ss.staff_id = f.staff_id and ss.day_of_week = f.dow and ss.is_active = 1`,
  );
  return db.all<StaffRow>(sql`
    with recursive days(d) as (select ${s.from} union all select date(d, '+1 day') from days where d < ${s.to}),
    md as (
      select st.id as staff_id, days.d as d, (cast(strftime('%w', days.d) as integer) + 6) % 7 as dow
      from staff st cross join days${staffFilter}
    ),
    frame as (
      select md.staff_id, md.d, md.dow,
        exists (select 1 ${covering("'day_off', 'vacation'")}) as closed,
        (select e.start_time ${covering("'custom_hours'")} order by e.id limit 1) as cs,
        (select e.end_time ${covering("'custom_hours'")} order by e.id limit 1) as ce
      from md
    ),
    working as (
      select f.staff_id,
        sum(case
          when f.closed then 0
          when f.cs is not null then max(0, ${minutes("f.ce")} - ${minutes("f.cs")} - coalesce((select sum(max(0, min(${minutes("br.end_time")}, ${minutes("f.ce")}) - max(${minutes("br.start_time")}, ${minutes("f.cs")}))) ${breaksOfDay}), 0))
          else coalesce((select sum(${minutes("ss.end_time")} - ${minutes("ss.start_time")}) from staff_schedules ss where ss.staff_id = f.staff_id and ss.day_of_week = f.dow and ss.is_active = 1), 0)
             - coalesce((select sum(${minutes("br.end_time")} - ${minutes("br.start_time")}) ${breaksOfDay}), 0)
        end) as working_min
      from frame f group by f.staff_id
    ),
    booked as (
      select b.staff_id,
        count(*) as bookings,
        sum(case when b.status in ('cancelled', 'no_show') then 0 else b.price_total_minor end) as revenue_expected,
        sum(case when b.status = 'cancelled' then 0 else ${bookedMinutes} end) as booked_min
      from bookings b where ${inScope(s)} and b.staff_id is not null group by b.staff_id
    )
    select st.id as staff_id, st.name as name,
      coalesce(bk.bookings, 0) as bookings, coalesce(bk.revenue_expected, 0) as revenue_expected,
      coalesce(bk.booked_min, 0) as booked_min, coalesce(w.working_min, 0) as working_min
    from staff st left join working w on w.staff_id = st.id left join booked bk on bk.staff_id = st.id
    where (w.working_min > 0 or bk.bookings > 0)${s.staffId === null ? sql`` : sql` and st.id = ${s.staffId}`}
    order by st.sort_order, st.id`);
}

function clientsQuery(db: Db, s: StatsScope) {
  return db.all<{ clients: number; new_clients: number }>(sql`
    with c as (select distinct b.phone as phone from bookings b where ${inScope(s)} and b.phone <> '')
    select count(*) as clients,
      coalesce(sum((select min(b.start_at) from bookings b where b.phone = c.phone and ${counted}) >= ${s.start}), 0) as new_clients
    from c`);
}

function servicesQuery(db: Db, s: StatsScope) {
  return db.all<{ service_id: number; name: string; bookings: number; revenue_expected: number }>(sql`
    select b.service_id as service_id, sv.name as name, count(*) as bookings,
      sum(case when b.status in ('cancelled', 'no_show') then 0 else b.price_total_minor end) as revenue_expected
    from bookings b join services sv on sv.id = b.service_id
    where ${inScope(s)}
    group by b.service_id order by bookings desc, revenue_expected desc, b.service_id limit 10`);
}

function channelsQuery(db: Db, s: StatsScope) {
  return db.all<{ channel: "internal" | "yclients"; bookings: number; revenue_expected: number }>(sql`
    select b.channel as channel, count(*) as bookings,
      sum(case when b.status in ('cancelled', 'no_show') then 0 else b.price_total_minor end) as revenue_expected
    from bookings b where ${inScope(s)} group by b.channel order by b.channel`);
}

/**
 * Group classes: per class, the sessions held in the range (not cancelled),
 * their seats and the seats taken (every seat booked and not cancelled, held
 * ones included: they occupy the seat).
 */
function classesQuery(db: Db, s: StatsScope) {
  const staff = s.staffId === null ? sql`` : sql` and cs.staff_id = ${s.staffId}`;
  return db.all<{ service_id: number; name: string; sessions: number; seats: number; taken: number }>(sql`
    select cs.service_id as service_id, sv.name as name, count(*) as sessions, sum(cs.seats) as seats,
      coalesce(sum((select count(*) from bookings b where b.class_id = cs.id and b.status <> 'cancelled')), 0) as taken
    from class_sessions cs join services sv on sv.id = cs.service_id
    where cs.status = 'scheduled' and cs.start_at >= ${s.start} and cs.start_at < ${s.end}${staff}
    group by cs.service_id order by sessions desc, cs.service_id`);
}

/** Online money in and out during the range, by when it moved (not when the visit is). */
function moneyQuery(db: Db, s: StatsScope) {
  const staff = s.staffId === null ? sql`` : sql` and b.staff_id = ${s.staffId}`;
  return db.all<{ prepayments: number; refunds: number }>(sql`
    select
      coalesce((select sum(p.amount_minor) from payments p join bookings b on b.id = p.booking_id
        where p.status in ('succeeded', 'refunded') and p.created_at >= ${s.start} and p.created_at < ${s.end}${staff}), 0) as prepayments,
      coalesce((select sum(r.amount_minor) from refunds r join payments p on p.id = r.payment_id join bookings b on b.id = p.booking_id
        where r.status = 'succeeded' and r.created_at >= ${s.start} and r.created_at < ${s.end}${staff}), 0) as refunds`);
}

export interface SplitRow {
  label: string;
  staff_id: number | null;
  staff_name: string | null;
  service_id: number;
  service_name: string;
  price: number;
  discount: number;
  certificate: number;
  points: number;
  abonement: number;
  abonement_value: number;
  online: number;
  refunded: number;
}

/**
 * Completed visits by period, master and service, with what paid for them:
 * the stored price is after the promo discount, the use keeps the discount; an
 * abonement's visit counts once spent (on completion).
 */
function splitQuery(db: Db, s: StatsScope) {
  return db.all<SplitRow>(sql`
    select ${periodOf(s)} as label, b.staff_id as staff_id, st.name as staff_name, b.service_id as service_id, sv.name as service_name,
      sum(b.price_total_minor) as price,
      sum(coalesce(u.discount_minor, 0)) as discount,
      sum(b.certificate_minor) as certificate,
      sum(coalesce(pk.points, 0)) as points,
      sum(coalesce(au.covered_minor, 0)) as abonement,
      sum(coalesce(au.value_minor, 0)) as abonement_value,
      sum(coalesce(pk.kept, 0)) as online,
      sum(coalesce(pk.refunded, 0)) as refunded
    from bookings b ${keptOnline}
      left join promo_uses u on u.booking_id = b.id
      left join abonement_uses au on au.booking_id = b.id and au.status = 'spent'
      left join staff st on st.id = b.staff_id
      join services sv on sv.id = b.service_id
    where ${inScope(s)} and b.status = 'completed'
    group by label, b.staff_id, b.service_id`);
}

export async function loadStats(db: Db, s: StatsScope) {
  const [series, staff, clients, services, channels, money, classes, split] = await db.batch([
    seriesQuery(db, s),
    staffQuery(db, s),
    clientsQuery(db, s),
    servicesQuery(db, s),
    channelsQuery(db, s),
    moneyQuery(db, s),
    classesQuery(db, s),
    splitQuery(db, s),
  ]);
  return { series, staff, clients: clients[0]!, services, channels, money: money[0]!, classes, split };
}
