// Logs leave the salon: phones, e-mail addresses, names and raw payloads are
// masked on the way out; the request id stays for correlation.
import { afterEach, describe, expect, it, vi } from "vitest";
import { log, maskText } from "../../worker/lib/log.js";
import { call } from "./client.js";

function captured(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spies = (["log", "warn", "error"] as const).map((m) => vi.spyOn(console, m).mockImplementation((line: unknown) => void lines.push(String(line))));
  try {
    run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l));
}

afterEach(() => vi.restoreAllMocks());

describe("log masking", () => {
  it("masks a phone and an e-mail inside any text, and redacts personal fields by name", () => {
    const [line] = captured(() =>
      log("error", "write failed", {
        request_id: "11111111-2222-3333-4444-555555555555",
        booking_id: 42,
        error: "SQLITE_CONSTRAINT: args [\"+79991234567\", \"ivan.petrov@example.com\", \"8 (999) 765-43-21\"] at 2025-01-15 10:00:00",
        phone: "+79991234567",
        customer_name: "Иван Петров",
        payload: { client: { phone: "79991234567" } },
      }),
    );
    const text = JSON.stringify(line);
    expect(text).not.toContain("9991234567");
    expect(text).not.toContain("765-43-21");
    expect(text).not.toContain("ivan.petrov");
    expect(text).not.toContain("Иван");
    expect(line).toMatchObject({ request_id: "11111111-2222-3333-4444-555555555555", booking_id: 42, phone: "[redacted, 12 chars]" });
    expect(String(line!.error)).toContain("+7********67");
    expect(String(line!.error)).toContain("***@example.com");
    // Dates are not phones.
    expect(String(line!.error)).toContain("2025-01-15 10:00:00");
  });

  it("hides the secret of the YClients webhook URL", () => {
    expect(maskText("POST /api/v1/yclients/webhook/s3cr3t-value")).toBe("POST /api/v1/yclients/webhook/***");
  });

  it("masks manage and review link tokens and a ?secret= value wherever they appear", () => {
    expect(maskText("GET /api/v1/manage/m41-abc.DEF_ghi → 200")).toBe("GET /api/v1/manage/*** → 200");
    // A gift certificate's code is its money: neither the balance route nor the PWA's page logs it.
    expect(maskText("GET /api/v1/certificates/balance/ABCD-EFGH-JKMN → 200")).toBe("GET /api/v1/certificates/balance/*** → 200");
    expect(maskText("https://app.salon.test/certificate/ABCD-EFGH-JKMN")).toBe("https://app.salon.test/certificate/***");
    expect(maskText("POST /api/v1/reviews/r41-abc.DEF_ghi")).toBe("POST /api/v1/reviews/***");
    expect(maskText("https://app.salon.test/m/m41-abc.DEF?x=1 and https://app.salon.test/r/r41-xyz")).toBe("https://app.salon.test/m/***?x=1 and https://app.salon.test/r/***");
    expect(maskText("POST /api/v1/yclients/webhook?secret=s3cr3t&x=1")).toBe("POST /api/v1/yclients/webhook?secret=***&x=1");
    // A master's public reviews list has no secret after it.
    expect(maskText("GET /api/v1/staff/3/reviews")).toBe("GET /api/v1/staff/3/reviews");
  });

  it("writes no manage link token into the request log", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    const token = "m999999-zzzzzzzz.QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn";
    await call("GET", `/api/v1/manage/${token}`);
    vi.restoreAllMocks();
    const request = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "request" && String(l.path).includes("/manage/"));
    expect(request).toMatchObject({ path: "/api/v1/manage/***" });
    expect(lines.join("\n")).not.toContain(token);
  });

  it("leaves ids, times and amounts alone", () => {
    expect(maskText("booking 42 at 2026-12-01T10:00:00.000Z, 150000 RUB, payment 2f1c-77")).toBe("booking 42 at 2026-12-01T10:00:00.000Z, 150000 RUB, payment 2f1c-77");
  });

  it("keeps a raw webhook payload out of the Worker's log, with the request id in it", async () => {
    const lines: string[] = [];
    const spies = (["log", "warn", "error"] as const).map((m) => vi.spyOn(console, m).mockImplementation((line: unknown) => void lines.push(String(line))));
    const res = await call("POST", "/api/v1/payments/webhook/test", { body: { event: 42, client: "Иван", phone: "+79991234567", note: "call 8 999 123 45 67" } });
    for (const spy of spies) spy.mockRestore();
    expect(res.status).toBeLessThan(500);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.some((e) => e.msg === "payments: webhook" && String(e.body).startsWith("[redacted"))).toBe(true);
    expect(entries.find((e) => e.msg === "request")?.request_id).toBe(res.headers.get("x-request-id"));
    expect(lines.join("\n")).not.toMatch(/9991234567|123 45 67|Иван/);
  });
});
