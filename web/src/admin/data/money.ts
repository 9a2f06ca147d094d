// The rouble ↔ kopeck conversions of the editors (the panel's sums come from the server's money summary).
/** "1 500,50" / "1500.5" typed in roubles → kopecks; null when it is not an amount. */
export function parseRoubles(text: string): number | null {
  const clean = text.replace(/[\s\u00a0₽]/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

/** Kopecks → the editor's text, "1500" or "1500.50". */
export const roublesText = (minor: number): string => (minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2));
