// Where a browser's push subscription may point. The Worker POSTs to the
// endpoint of every saved subscription, so an endpoint anywhere else would
// let anyone make the salon's Worker call a URL of their choosing. The push
// services browsers use are few and known.

/** Exact hosts, and suffixes (leading dot) that cover a service's regional hosts. */
const KNOWN_PUSH_HOSTS = [
  "fcm.googleapis.com", // Chrome, Edge on Android, Opera, Samsung Internet
  "updates.push.services.mozilla.com", // Firefox
  ".push.services.mozilla.com",
  ".push.apple.com", // Safari (web.push.apple.com)
  ".notify.windows.com", // Edge on Windows (WNS)
] as const;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** True for an https endpoint at a known push service; in development also a local fake (any scheme). */
export function isKnownPushEndpoint(endpoint: string, development: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (development && LOCAL_HOSTS.has(url.hostname)) return true;
  if (url.protocol !== "https:" || url.port !== "" || url.username !== "" || url.password !== "") return false;
  const host = url.hostname.toLowerCase();
  return KNOWN_PUSH_HOSTS.some((known) => (known.startsWith(".") ? host.endsWith(known) && host.length > known.length : host === known));
}
