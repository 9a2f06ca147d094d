// Routing rules of the service worker, kept apart from sw.ts so that they can
// be read (and tested) without a worker global.

/** Navigations the SPA must not swallow: the API and the payment pages the Worker serves. */
export const NAVIGATION_DENYLIST = [/^\/api\//, /^\/pay\//];

/** Read-only catalog endpoints; the app keeps its own IndexedDB copy too (data/cache.ts). */
export function isCatalogRead({ url, sameOrigin }: { url: URL; sameOrigin: boolean }): boolean {
  return sameOrigin && (url.pathname === "/api/v1/services" || url.pathname.startsWith("/api/v1/staff"));
}

/** Marks answers served from the worker's cache, so the app can say "data is from cache" (data/api.ts). */
export async function markCached({ cachedResponse }: { cachedResponse?: Response }): Promise<Response | undefined> {
  if (!cachedResponse) return cachedResponse;
  const headers = new Headers(cachedResponse.headers);
  headers.set("X-Served-From", "sw-cache");
  return new Response(await cachedResponse.blob(), {
    status: cachedResponse.status,
    statusText: cachedResponse.statusText,
    headers,
  });
}
