// Reading typed values out of an editor's FormData.
import { parseRoubles } from "./money";

export const text = (f: FormData, name: string): string => String(f.get(name) ?? "").trim();
export const textOrNull = (f: FormData, name: string): string | null => text(f, name) || null;
export const int = (f: FormData, name: string): number => Number.parseInt(text(f, name), 10);
export const intOrNull = (f: FormData, name: string): number | null => (text(f, name) === "" ? null : int(f, name));
/** Roubles typed in → kopecks; NaN when it is not an amount, so the API's validation answers. */
export const kopecks = (f: FormData, name: string): number => parseRoubles(text(f, name)) ?? Number.NaN;
export const kopecksOrNull = (f: FormData, name: string): number | null => (text(f, name) === "" ? null : kopecks(f, name));
