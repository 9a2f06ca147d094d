// A local stand-in for SMS.ru's POST /sms/send (form-encoded, json=1), built
// from their documented answers, with switches for the failure modes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type SmsRuMode = "ok" | "bad_key" | "number_refused" | "http_500" | "garbage";

export interface FakeSmsRu {
  url: string;
  mode: SmsRuMode;
  received: URLSearchParams[];
  close(): Promise<void>;
}

export async function startFakeSmsRu(): Promise<FakeSmsRu> {
  const fake = { mode: "ok" as SmsRuMode, received: [] as URLSearchParams[] };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/sms/send") {
        res.writeHead(404).end();
        return;
      }
      const form = new URLSearchParams(raw);
      fake.received.push(form);
      const to = form.get("to") ?? "";
      const json = (body: unknown, status = 200) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      switch (fake.mode) {
        case "http_500":
          return res.writeHead(500).end("internal error");
        case "garbage":
          return res.writeHead(200, { "content-type": "text/plain" }).end("100\n000000-1");
        case "bad_key":
          return json({ status: "ERROR", status_code: 200, status_text: "Неправильный api_id" });
        case "number_refused":
          return json({
            status: "OK",
            status_code: 100,
            sms: { [to]: { status: "ERROR", status_code: 207, status_text: "На этот номер нельзя отправлять сообщения" } },
            balance: 10,
          });
        default:
          return json({
            status: "OK",
            status_code: 100,
            sms: { [to]: { status: "OK", status_code: 100, sms_id: "000000-10000000" } },
            balance: 4122.56,
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
