// CSV for the tables under the charts: cells as the server's export writes
// them (quoting, formulas neutralised), a BOM so that Excel opens Cyrillic as
// UTF-8, and a download through a blob URL.
import { csvCell as cell } from "../../../../worker/lib/csv";
import { downloadBlob } from "../../data/download";

export type Table = { head: string[]; rows: (string | number)[][] };

export function toCsv(t: Table): string {
  return [t.head, ...t.rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export function downloadCsv(name: string, t: Table): void {
  downloadBlob(name, new Blob(["\ufeff", toCsv(t)], { type: "text/csv;charset=utf-8" }));
}
