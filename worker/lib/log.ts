// One JSON line per event, so Workers logs can be searched by field. Logs
// leave the salon (Cloudflare's log storage, whoever reads it), so personal
// data is masked on the way out: fields that hold it by name are redacted,
// and phones and e-mail addresses inside any other text (error messages
// quoting SQL arguments, provider answers) are masked. Ids, the request id
// and other plain fields stay as they are, for correlation.
export type LogLevel = "info" | "warn" | "error";

/** Fields whose whole value is personal data or a raw payload that may hold some. */
const PERSONAL = new Set(["phone", "recipient", "name", "customer_name", "customername", "email", "client", "comment", "notes", "note", "payload", "body", "raw", "data", "code", "token", "authorization"]);

// A phone is a run of 10–15 digits, possibly with a leading + and the usual
// separators, that is not a date ("2025-01-15 10:00" would otherwise qualify).
const PHONE = /(?<![\w.])(?!\d{4}-\d{2}-\d{2})\+?\d(?:[\s().-]{0,2}\d){9,14}(?![\w])/g;
/** Kept verbatim: they correlate log lines and carry nothing personal. */
const VERBATIM = new Set(["request_id"]);
const EMAIL = /[\p{L}\p{N}._%+-]+@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/gu;

/** "+79991234567" → "+7********67": enough to tell two apart in a log, not to call anyone. */
export function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, "");
  return `${text.startsWith("+") ? "+" : ""}${digits.slice(0, 1)}${"*".repeat(Math.max(0, digits.length - 3))}${digits.slice(-2)}`;
}

/** At least the 10 digits a phone needs: most log text (paths, ids, codes) has fewer, and skips the patterns. */
function mayHoldPhone(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length && digits < 10; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits >= 10;
}

/**
 * Path segments that are bearer secrets: a manage link (/m/…, the API's
 * /manage/…) cancels a booking and a review link (/r/…, /reviews/…) posts a
 * review without signing in; the webhook URL's last segment is the secret
 * YClients authenticates with; a gift certificate's code (/certificate/…, the
 * API's /certificates/balance/…) is its money.
 */
const SECRET_SEGMENT = /(\/(?:m|r|manage|reviews|yclients\/webhook|certificate|certificates\/balance)\/)[^/?#\s"]+/g;
/** A `secret` query parameter's value. */
const SECRET_QUERY = /([?&]secret=)[^&#\s"]+/g;

function mayHoldSecret(text: string): boolean {
  return (
    text.includes("/m/") ||
    text.includes("/r/") ||
    text.includes("/manage/") ||
    text.includes("/reviews/") ||
    text.includes("/yclients/webhook/") ||
    text.includes("/certificate/") ||
    text.includes("/certificates/balance/") ||
    text.includes("secret=")
  );
}

export function maskText(text: string): string {
  // Every API request logs a line; the patterns below cost more than the rest of it.
  if (!mayHoldPhone(text) && !text.includes("@") && !mayHoldSecret(text)) return text;
  return text
    .replace(EMAIL, (_all, domain: string) => `***@${domain}`)
    .replace(PHONE, maskPhone)
    .replace(SECRET_SEGMENT, "$1***")
    .replace(SECRET_QUERY, "$1***");
}

function redact(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const size = typeof value === "string" ? value.length : JSON.stringify(value)?.length ?? 0;
  return `[redacted, ${size} chars]`;
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 4) return "[nested]";
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = VERBATIM.has(key) ? v : PERSONAL.has(key.toLowerCase()) ? redact(v) : scrub(v, depth + 1);
  }
  return out;
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg: maskText(msg), ...(scrub(fields, 0) as Record<string, unknown>) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
