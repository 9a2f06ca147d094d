// Every answer carries the security headers: the API's, the PWA's pages and
// its static files; manage and review links are never sent on as a Referer
// nor cached.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";

const common = (headers: Headers) => {
  expect(headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("permissions-policy")).toContain("camera=()");
  expect(headers.get("content-security-policy")).toBeTruthy();
};

describe("security headers", () => {
  it("on API answers, errors included: no scripts, no framing", async () => {
    for (const path of ["/api/v1/salon", "/api/v1/nowhere", "/api/v1/me"]) {
      const { headers } = await call("GET", path);
      common(headers);
      expect(headers.get("content-security-policy")).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
      expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });

  it("on the PWA's pages and static files, with a CSP the app lives within", async () => {
    const page = await call("GET", "/masters");
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<div id="root">');
    common(page.headers);
    const csp = page.headers.get("content-security-policy")!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:", "connect-src 'self'", "frame-ancestors 'self'", "object-src 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/frame-src 'self' https:\/\/yclients\.com https:\/\/\*\.yclients\.com/);
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(String(page.body))![1]!;
    for (const path of [script, "/manifest.webmanifest", "/sw.js"]) {
      const { status, headers } = await call("GET", path);
      expect(status, path).toBe(200);
      common(headers);
    }
  });

  it("manage and review links: no Referer and no caching, page and API", async () => {
    for (const path of ["/m/m41-abc.def", "/r/r41-abc.def", "/api/v1/manage/m41-abc.def", "/api/v1/reviews/r41-abc.def"]) {
      const { headers } = await call("GET", path);
      expect(headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(headers.get("cache-control"), path).toBe("no-store");
      common(headers);
    }
    // A master's public reviews are not a secret.
    expect((await call("GET", "/api/v1/staff/1/reviews")).headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});
