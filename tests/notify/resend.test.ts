import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resendTransport, TransportError } from "../../worker/notify/transports.js";
import { type FakeResend, startFakeResend } from "../fakes/resend.js";

describe("Resend email transport", () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await startFakeResend();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.mode = "ok";
    fake.received.length = 0;
  });

  const transport = () => resendTransport({ apiKey: "re_test", from: "Салон <booking@salon.example>", baseUrl: fake.url });
  const message = { recipient: "irina@example.com", subject: "Запись 01.12.2026 в 10:00", body: "Вы записаны." };

  it("posts the documented JSON with a bearer key", async () => {
    await transport().send(message);
    expect(fake.received).toEqual([
      {
        authorization: "Bearer re_test",
        body: { from: "Салон <booking@salon.example>", to: ["irina@example.com"], subject: message.subject, text: message.body },
      },
    ]);
  });

  it("fails for good on a rejected key or an invalid message", async () => {
    for (const mode of ["unauthorized", "invalid"] as const) {
      fake.mode = mode;
      const error = (await transport().send(message).catch((e: unknown) => e)) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.retryable).toBe(false);
    }
  });

  it("asks for a retry on a server error or an answer without an id", async () => {
    for (const mode of ["http_500", "no_id"] as const) {
      fake.mode = mode;
      const error = (await transport().send(message).catch((e: unknown) => e)) as TransportError;
      expect(error.retryable).toBe(true);
    }
  });
});
