import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { smsRuTransport, TransportError } from "../../worker/notify/transports.js";
import { type FakeSmsRu, startFakeSmsRu } from "../fakes/smsru.js";

describe("SMS.ru transport", () => {
  let fake: FakeSmsRu;
  beforeAll(async () => {
    fake = await startFakeSmsRu();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.mode = "ok";
    fake.received.length = 0;
  });

  const transport = () => smsRuTransport({ apiKey: "key-1", sender: "Salon", baseUrl: fake.url });
  const message = { recipient: "+79991234567", subject: null, body: "Код для входа: 123456" };

  it("posts the documented form with the number without a plus", async () => {
    await transport().send(message);
    const [form] = fake.received;
    expect(Object.fromEntries(form!)).toEqual({
      api_id: "key-1",
      to: "79991234567",
      msg: "Код для входа: 123456",
      json: "1",
      from: "Salon",
    });
  });

  it("fails for good when the key is wrong", async () => {
    fake.mode = "bad_key";
    const error = await transport().send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).retryable).toBe(false);
    expect((error as Error).message).toContain("200");
  });

  it("fails for good when the number is refused", async () => {
    fake.mode = "number_refused";
    const error = (await transport().send(message).catch((e: unknown) => e)) as TransportError;
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("207");
  });

  it("asks for a retry on a server error or an unreadable answer", async () => {
    for (const mode of ["http_500", "garbage"] as const) {
      fake.mode = mode;
      const error = (await transport().send(message).catch((e: unknown) => e)) as TransportError;
      expect(error.retryable).toBe(true);
    }
  });

  it("asks for a retry when SMS.ru is unreachable", async () => {
    const error = (await smsRuTransport({ apiKey: "k", baseUrl: "http://127.0.0.1:9" })
      .send(message)
      .catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.retryable).toBe(true);
  });
});

describe("phone normalization", async () => {
  const { normalizePhone } = await import("../../worker/lib/phone.js");
  it.each([
    ["+7 (999) 123-45-67", "+79991234567"],
    ["89991234567", "+79991234567"],
    ["79991234567", "+79991234567"],
    ["9991234567", "+79991234567"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("turns %s into %s", (input, expected) => expect(normalizePhone(input)).toBe(expected));
  it.each(["", "12345", "+7999123456", "+7 999 123 45 678", "abc", "+0123456789", "8-800"])("rejects %j", (input) =>
    expect(normalizePhone(input)).toBeNull());
});
