// Text a customer typed, made safe to put into a message the salon sends
// (and pays for) to someone else: a master's SMS must not carry a link a
// customer planted in their name (phishing in the salon's name), nor grow
// into several paid SMS parts.

// A URL with a scheme, "www.…", or a bare domain with a latin or .рф top-level
// domain and an optional path ("bit.ly/x", "evil.com").
const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*|(?:[\p{L}\p{N}-]+\.)+(?:[a-z]{2,}|рф)\b(?:\/\S*)?/giu;

/** `text` without links, on one line, at most `max` characters (an ellipsis marks a cut). */
export function plainSnippet(text: string, max: number): string {
  const flat = text.replace(LINK, " ").replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
