// The service worker (vite-plugin-pwa, injectManifest): precached app shell,
// SPA navigation fallback, NetworkFirst catalog reads, and Background Sync
// replay of the booking outbox (data/outbox.ts, shared with the page).
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { SYNC_TAG, replayOutbox } from "./data/outbox";
import { NAVIGATION_DENYLIST, isCatalogRead, markCached } from "./sw-routes";

// The DOM lib is in scope for the app; these are the few worker types used here.
type ExtendableEvent = Event & { waitUntil(p: Promise<unknown>): void };
type SyncEvent = ExtendableEvent & { tag: string };
type PushEvent = ExtendableEvent & { data: { json(): unknown } | null };
type NotificationEvent = ExtendableEvent & { notification: Notification };
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
declare const self: {
  __WB_MANIFEST: (string | PrecacheEntry)[];
  skipWaiting(): Promise<void>;
  addEventListener(type: "sync", listener: (event: SyncEvent) => void): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  addEventListener(type: "push", listener: (event: PushEvent) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationEvent) => void): void;
  registration: { showNotification(title: string, options: NotificationOptions): Promise<void> };
  clients: { matchAll(o: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClient[]>; openWindow(url: string): Promise<unknown> };
  location: Location;
};

// The manifest is named after the salon by the Worker: asked from the network
// first (so a renamed salon renames the installed app), the precached copy offline.
// Registered before the precache's route, which would otherwise answer it.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === "/manifest.webmanifest",
  async ({ request }) => {
    try {
      return await fetch(request);
    } catch {
      return (await matchPrecache("/manifest.webmanifest")) ?? Response.error();
    }
  },
);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL("/index.html"), { denylist: NAVIGATION_DENYLIST }));

registerRoute(
  isCatalogRead,
  new NetworkFirst({
    cacheName: "api-catalog",
    networkTimeoutSeconds: 4,
    // No ExpirationPlugin: the keys are a handful of catalog URLs, each
    // overwritten by every successful fetch, and the app checks the age itself.
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      { cachedResponseWillBeUsed: markCached },
    ],
  }),
  "GET",
);

// registerType "prompt": a new version waits until the user agrees (UpdatePrompt).
self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});

// Rejecting tells the browser to try again later with backoff.
self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    replayOutbox().then((waiting) => {
      if (waiting > 0) throw new Error(`${waiting} outbox entries still waiting`);
    }),
  );
});

// A waitlist offer (worker/reservations/waitlist-notify.ts): show it; a tap opens its screen.
self.addEventListener("push", (event) => {
  const message = (event.data?.json() ?? {}) as { title?: string; body?: string; url?: string; tag?: string };
  event.waitUntil(
    self.registration.showNotification(message.title ?? "Salon", { body: message.body, tag: message.tag, data: { url: message.url ?? "/waitlist" } }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? "/waitlist", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (windows) => {
      // navigate() works on windows this worker controls; anything else gets a new window.
      for (const open of windows) {
        const navigated = await open.navigate(url).catch(() => null);
        if (navigated) return navigated.focus();
      }
      return self.clients.openWindow(url);
    }),
  );
});

// Take over the page on first install, so the shell is served offline right away.
clientsClaim();
