// For the little static servers that serve the built PWA (web/dist) to
// Chromium in tests/e2e and bench/pwa.ts.
import { extname } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** The Content-Type to serve a web/dist file with. */
export const contentType = (file: string): string => TYPES[extname(file)] ?? "application/octet-stream";
