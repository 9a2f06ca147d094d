// The installed app is named after the salon: the Worker serves the built
// manifest with the salon's name from its settings.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";

describe("web app manifest", () => {
  it("names the app after the salon's settings, keeping the built manifest's other fields", async () => {
    const salon = (await call("GET", "/api/v1/salon")).body.salon;
    const res = await call("GET", "/manifest.webmanifest");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/manifest+json");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.body).toMatchObject({ name: salon.name, short_name: salon.name, start_url: "/", display: "standalone", lang: "ru" });
    expect(res.body.name).not.toBe("Салон — онлайн-запись");
    expect(res.body.icons.length).toBeGreaterThanOrEqual(3);
  });
});
