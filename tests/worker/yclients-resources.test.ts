// YClients records of a service that needs a room take a unit of it through
// the room's ledger: the unit the admin mapped the record's resource instance
// to, else the lowest free one; with none free the record is flagged, and a
// deleted record gives its unit back.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { roomScenario, unitRows, unitSnapshot } from "./resource-helpers.js";
import { bookingOf, event, linkStaff, record, sendWebhook, settled } from "../yclients/fake-control.js";
import { salonDate, sql } from "./scenario.js";

const day = salonDate(11);

async function deliver(e: ReturnType<typeof event>) {
  expect((await sendWebhook(e)).status).toBe(200);
  await settled(e.data.id, e.status, e.data.last_change_date);
}

describe("YClients records and rooms", () => {
  it("takes the mapped unit, else the lowest free one, flags a record that finds none and frees the unit of a deleted one", async () => {
    const { staff, serviceId, room } = await roomScenario(3, 2);
    const ycService = 7_000_000 + serviceId;
    await sql("update services set yclients_service_id = ? where id = ?", [ycService, serviceId]);
    const yc = await Promise.all(staff.map((m) => linkStaff(m.id)));
    const instance = 880_000 + room.id;
    const map = await call("PUT", "/api/v1/admin/resources/yclients-instances", { token: room.admin, body: { instances: [{ instance_id: instance, resource_id: room.id, unit: 2 }] } });
    expect(map.status).toBe(200);
    const bad = await call("PUT", "/api/v1/admin/resources/yclients-instances", { token: room.admin, body: { instances: [{ instance_id: instance, resource_id: room.id, unit: 3 }] } });
    expect(bad.status).toBe(422);

    const mapped = { ...record({ staff: yc[0]!, date: day, time: "12:00", service: ycService }), resource_instance_ids: [instance] };
    await deliver(event("create", mapped));
    const first = await bookingOf(mapped.id);
    expect(await unitRows(room.id)).toEqual([{ bookingId: Number(first!.id), unit: 2, status: "pending" }]);

    const unmapped = record({ staff: yc[1]!, date: day, time: "12:00", service: ycService });
    await deliver(event("create", unmapped));
    const second = await bookingOf(unmapped.id);
    expect((await unitRows(room.id)).find((r) => r.bookingId === Number(second!.id))?.unit).toBe(1);

    const third = record({ staff: yc[2]!, date: day, time: "12:00", service: ycService });
    await deliver(event("create", third));
    const flagged = await bookingOf(third.id);
    expect(String(flagged!.needs_attention)).toContain(`resource_conflict:${room.id}`);

    await deliver(event("delete", { ...mapped, deleted: true, last_change_date: "2026-01-12T08:00:00+03:00" }));
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([Number(second!.id)]);
  });
});
