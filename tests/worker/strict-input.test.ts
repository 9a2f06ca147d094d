// The smaller holes: unbounded counts, bodies that are not objects, masters
// booking on other masters, phones that read as nothing, and session tokens
// that only look like ours.
import { env } from "cloudflare:workers";
import { sign, verify } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, book, newMaster, salonDate, slot, tokenFor } from "./scenario.js";

const HAIRCUT = 3;
const day = salonDate(7);

describe("counts in query strings", () => {
  it("refuses offsets and limits past their bounds with 400", async () => {
    const admin = await adminToken();
    for (const q of ["offset=1e20", "offset=100000000000000000000", "offset=1000001", "offset=-1", "limit=0", "limit=201", "limit=1.5"]) {
      const res = await call("GET", `/api/v1/admin/users?${q}`, { token: admin });
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    const { token } = await quickCustomer();
    expect((await call("GET", "/api/v1/bookings?offset=100000000000000000000", { token })).status).toBe(400);
    expect((await call("GET", "/api/v1/admin/users?offset=1000000&limit=200", { token: admin })).status).toBe(200);
  });
});

describe("request bodies", () => {
  it("refuses arrays, null and numbers where an object is expected, also where every field is optional", async () => {
    const master = await newMaster();
    const admin = await adminToken();
    const schedule = await call("GET", `/api/v1/admin/staff/${master.id}/schedule`, { token: admin });
    const scheduleId = schedule.body.schedule[0].id;
    for (const raw of ["[]", "[{}]", "null", "5", '"text"', "true"]) {
      const patched = await call("PATCH", `/api/v1/admin/staff/${master.id}/schedule/${scheduleId}`, { token: admin, raw, headers: { "content-type": "application/json" } });
      expect(patched.status, raw).toBe(400);
      expect(patched.body.error.code).toBe("validation_failed");
      const { token } = await quickCustomer();
      const created = await call("POST", "/api/v1/bookings", { token, raw, headers: { "content-type": "application/json", "idempotency-key": `array-body-${raw.length}-${Math.random()}` } });
      expect(created.status, raw).toBe(400);
    }
  });
});

describe("who books on which master", () => {
  it("lets a master book only on themselves, in create and reschedule; admins book on anyone", async () => {
    const mine = await newMaster();
    const other = await newMaster();
    const me = await tokenFor(mine.phone);
    const customer = await quickCustomer();

    const elsewhere = await book(me, { service_id: HAIRCUT, staff_id: other.id, appointment_datetime: slot(day, "10:00"), phone: customer.phone });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe("forbidden");
    expect(elsewhere.body.error.message).toContain(`staff_id ${mine.id}`);

    const own = await book(me, { service_id: HAIRCUT, staff_id: mine.id, appointment_datetime: slot(day, "10:00"), phone: customer.phone });
    expect(own.status).toBe(201);
    const any = await book(me, { service_id: HAIRCUT, staff_id: "any", appointment_datetime: slot(day, "12:00"), phone: customer.phone });
    expect(any.status).toBe(201);
    expect(any.body.booking.staff.id).toBe(mine.id);

    const moveAway = await call("PATCH", `/api/v1/bookings/${own.body.booking.id}`, { token: me, body: { action: "reschedule", appointment_datetime: slot(day, "11:00"), staff_id: other.id } });
    expect(moveAway.status).toBe(403);
    const moveHere = await call("PATCH", `/api/v1/bookings/${own.body.booking.id}`, { token: me, body: { action: "reschedule", appointment_datetime: slot(day, "16:00") } });
    expect(moveHere.status).toBe(200);

    const byAdmin = await book(await adminToken(), { service_id: HAIRCUT, staff_id: other.id, appointment_datetime: slot(day, "10:00"), phone: customer.phone });
    expect(byAdmin.status).toBe(201);
    // Whatever a master booked, they can see.
    const listed = await call("GET", "/api/v1/bookings", { token: me });
    expect(listed.body.bookings.map((b: { id: number }) => b.id).sort()).toEqual([own.body.booking.id, any.body.booking.id].sort());
  });
});

describe("phones", () => {
  it("refuses a phone that reads as nothing with 400", async () => {
    for (const phone of ["🙂", "+", "()", " ", "+7 (🙂)"]) {
      const res = await call("POST", "/api/v1/auth/otp/request", { body: { phone } });
      expect(res.status, phone).toBe(400);
    }
    const admin = await adminToken();
    const master = await newMaster();
    const res = await book(admin, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00"), phone: "🙂" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("phone");
  });
});

describe("session tokens", () => {
  const secret = () => env.JWT_SECRET as string;
  const exp = () => Math.floor(Date.now() / 1000) + 3600;
  const me = (token: string) => call("GET", "/api/v1/me", { token });
  /** A customer with a live session, and the claims of its access token. */
  const customerSession = async () => {
    const { id, token } = await quickCustomer();
    const { sid } = (await verify(token, secret(), "HS256")) as { sid: string };
    return { id, claims: { sub: String(id), sid, typ: "access" } };
  };

  it("accepts the canonical token and refuses a `sub` that only reads as the id", async () => {
    const { id, claims } = await customerSession();
    expect((await me(await sign({ ...claims, exp: exp() }, secret(), "HS256"))).status).toBe(200);
    for (const sub of [` ${id}`, `${id} `, `0${id}`, `+${id}`, `${id}.0`, `${id}e0`, id]) {
      expect((await me(await sign({ ...claims, sub, exp: exp() }, secret(), "HS256"))).status, JSON.stringify(sub)).toBe(401);
    }
  });

  it("requires exp", async () => {
    const { claims } = await customerSession();
    expect((await me(await sign(claims, secret(), "HS256"))).status).toBe(401);
  });

  it("refuses a second spelling of a valid signature", async () => {
    const { id, claims } = await customerSession();
    const token = await sign({ ...claims, exp: exp() }, secret(), "HS256");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // The last of the 43 characters carries two unused bits: flipping one keeps the bytes.
    const last = token.at(-1)!;
    const twin = token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    await expect(verify(twin, secret(), "HS256")).resolves.toMatchObject({ sub: String(id) });
    expect((await me(twin)).status).toBe(401);
    expect((await me(`${token}=`)).status).toBe(401);
  });
});
