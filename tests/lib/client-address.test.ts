import { describe, expect, it } from "vitest";
import { clientKeyOf } from "../../worker/lib/client-address.js";

describe("the key per-client limits count under", () => {
  it("is the /64 of an IPv6 address, however the address is written", () => {
    expect(clientKeyOf("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(clientKeyOf("2001:0db8:0001:0002:ffff:0:0:1")).toBe("2001:db8:1:2::/64");
    expect(clientKeyOf("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(clientKeyOf("2001:DB8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKeyOf("2001:db8:1:2:3:4:10.0.0.1")).toBe("2001:db8:1:2::/64");
  });

  it("is the whole address for IPv4, also when it comes IPv4-mapped", () => {
    expect(clientKeyOf("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKeyOf("203.0.113.8")).toBe("203.0.113.8");
    expect(clientKeyOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("keeps anything that is not an address as it is, and has one key for no address", () => {
    expect(clientKeyOf("1:2:3:4:5:6:7:8:9")).toBe("1:2:3:4:5:6:7:8:9");
    expect(clientKeyOf("not an address")).toBe("not an address");
    expect(clientKeyOf(undefined)).toBe("unknown");
    expect(clientKeyOf("  ")).toBe("unknown");
  });
});
