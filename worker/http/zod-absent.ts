// Stands in for "zod/v4/core" in the Worker bundle (wrangler.toml [alias]).
// hono-openapi's schema converter imports zod lazily, only for zod schemas;
// this project documents valibot schemas only, so the ~400 KiB of zod would
// be dead weight in every isolate the Worker starts.
export function toJSONSchema(): never {
  throw new Error("zod schemas are not used here: the API documents valibot schemas (see wrangler.toml [alias])");
}
