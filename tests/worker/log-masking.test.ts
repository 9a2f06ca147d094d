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
