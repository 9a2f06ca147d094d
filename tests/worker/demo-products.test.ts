// The demo salon (db/seed.ts) sells money products online, so a person trying
// the demo finds gift certificates and abonements to buy.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";

describe("the demo salon's money products", () => {
  it("offers two gift certificate types and two abonements online: five haircuts for 90 days and a month of back massages", async () => {
    const certificates = (await call("GET", "/api/v1/certificates/types")).body.types as { name: string; kind: string; price: { amount_minor: number } | null; service_id: number | null }[];
    expect(certificates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "На любые услуги", kind: "amount", price: expect.objectContaining({ amount_minor: 300_000 }) }),
        // A service's certificate is priced as the service is now (manicure with coating, 2 200 ₽).
        expect.objectContaining({ name: "Сертификат на маникюр с покрытием", kind: "service", service_id: 5, price: expect.objectContaining({ amount_minor: 220_000 }) }),
      ]),
    );

    const abonements = (await call("GET", "/api/v1/abonement-types")).body.types as { name: string }[];
    expect(abonements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "5 стрижек за 90 дней", kind: "visits", visits_count: 5, validity_days: 90, price: expect.objectContaining({ amount_minor: 650_000 }), services: [{ id: 3, name: "Стрижка мужская" }], staff: [] }),
        expect.objectContaining({ name: "Безлимит на массаж спины на месяц", kind: "unlimited", visits_count: null, once_per_day: true, price: expect.objectContaining({ amount_minor: 1_800_000 }), services: [{ id: 8, name: "Классический массаж спины" }] }),
      ]),
    );
  });
});
