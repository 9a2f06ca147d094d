import type { BatchResult, Col, HranaError, HranaValue } from "./protocol.js";

type CursorLine =
  | { baton: string | null; base_url: null }
  | { type: "step_begin"; step: number; cols: Col[] }
  | { type: "row"; row: HranaValue[] }
  | { type: "step_end"; affected_row_count: number; last_insert_rowid: string | null }
  | { type: "step_error"; step: number; error: HranaError };

/**
 * The v3 cursor body is newline-delimited JSON: a header with the baton, then one
 * entry per event. The batch is executed eagerly, which is fine for a dev server.
 */
export function cursorLines(baton: string | null, result: BatchResult): CursorLine[] {
  const lines: CursorLine[] = [{ baton, base_url: null }];
  result.step_results.forEach((res, step) => {
    const error = result.step_errors[step];
    if (error) {
      lines.push({ type: "step_error", step, error });
    } else if (res) {
      lines.push({ type: "step_begin", step, cols: res.cols });
      for (const row of res.rows) lines.push({ type: "row", row });
      lines.push({ type: "step_end", affected_row_count: res.affected_row_count, last_insert_rowid: res.last_insert_rowid });
    }
  });
  return lines;
}
