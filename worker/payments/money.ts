// Minor units ↔ the decimal strings providers use ("1000.00"). Integer
// arithmetic only: a float never touches an amount.

export function toDecimal(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "1000.00", "1000.5" or "1000" → 100000; null for anything else. */
export function fromDecimal(value: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** For people (messages, the test checkout): 150050 RUB → "1 500,50 ₽". */
export function formatMinor(minor: number, currency: string): string {
  const whole = new Intl.NumberFormat("ru-RU").format(Math.floor(minor / 100));
  const sign = currency === "RUB" ? "₽" : currency;
  return `${whole},${String(minor % 100).padStart(2, "0")} ${sign}`;
}
