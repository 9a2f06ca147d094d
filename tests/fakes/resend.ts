// A local stand-in for Resend's POST /emails, from their documented JSON.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ResendMode = "ok" | "unauthorized" | "invalid" | "http_500" | "no_id";

export interface FakeResend {
  url: string;
  mode: ResendMode;
  received: { authorization: string | undefined; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startFakeResend(): Promise<FakeResend> {
  const fake = { mode: "ok" as ResendMode, received: [] as FakeResend["received"] };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method !== "POST" || req.url !== "/emails") return json(404, { statusCode: 404, name: "not_found", message: "Not found" });
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      fake.received.push({ authorization: req.headers.authorization, body });
      // Resend's optional `headers`: custom email headers as an object of strings.
      const headers = body.headers;
      if (headers !== undefined && (typeof headers !== "object" || headers === null || Object.values(headers).some((h) => typeof h !== "string"))) {
        return json(422, { statusCode: 422, name: "validation_error", message: "`headers` must be an object of strings." });
      }
      switch (fake.mode) {
        case "unauthorized":
          return json(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." });
        case "invalid":
          return json(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field." });
        case "http_500":
          return json(500, { statusCode: 500, name: "application_error", message: "Something went wrong." });
        case "no_id":
          return json(200, {});
        default:
          return json(200, { id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(fake, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
