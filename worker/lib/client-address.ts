// Who is asking, for per-client limits: Cloudflare's CF-Connecting-IP. One
// IPv6 subscriber usually gets a whole /64 and can use any address in it, so
// an IPv6 client is its /64; an IPv4 client is its address.

/** The /64 of an IPv6 address as `a:b:c:d::/64`, or null when it is not IPv6. */
function ipv6Prefix64(address: string): string | null {
  if (!address.includes(":") || !/^[0-9a-f:.]+$/i.test(address)) return null;
  const [head, tail, ...rest] = address.toLowerCase().split("::");
  if (rest.length > 0) return null;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = groups(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups.
  const width = [...left, ...right].reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const missing = 8 - width;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  const first4 = all.slice(0, 4);
  if (first4.length < 4 || first4.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${first4.map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The key a client's limits are counted under; "unknown" without an address (never on Cloudflare). */
export function clientKeyOf(header: string | undefined | null): string {
  const address = header?.trim();
  if (!address) return "unknown";
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return mapped[1]!;
  return ipv6Prefix64(address) ?? address;
}
