// CSV for the tables under the charts: RFC 4180 quoting, a BOM so that Excel
// opens Cyrillic as UTF-8, and a download through a blob URL.

export type Table = { head: string[]; rows: (string | number)[][] };

const cell = (value: string | number): string => {
  const s = String(value);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(t: Table): string {
  return [t.head, ...t.rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export function downloadCsv(name: string, t: Table): void {
  downloadBlob(name, new Blob(["\ufeff", toCsv(t)], { type: "text/csv;charset=utf-8" }));
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
