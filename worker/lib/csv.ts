// One CSV cell, for the statistics export (worker) and the tables under the
// back office's charts (web). RFC 4180 quoting, and text that a spreadsheet
// would run as a formula (= + - @, or a leading tab or CR) gets a leading
// apostrophe: a master's or service's name is typed by people, and a name
// such as `=HYPERLINK(…)` must open as text. Numbers are ours and stay numbers.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  const text = typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
