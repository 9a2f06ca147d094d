import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { VitePWA } from "vite-plugin-pwa";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

// Keep in sync with web/scripts/make-icons.mjs and web/index.html.
const THEME_COLOR = "#6b2d5c";
const BACKGROUND_COLOR = "#fdf8f5";

export default defineConfig({
  root: webRoot,
  publicDir: "public",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: {
      output: {
        // The dictionary's lazy parts (src/strings) get a name of their own:
        // strings/certificates.ts would otherwise share "certificates-*.js"
        // with data/certificates.ts.
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.includes("/src/strings/") ? "assets/strings-[name]-[hash].js" : "assets/[name]-[hash].js",
      },
    },
  },
  server: {
    // The PWA imports the shared valibot contracts from worker/contracts.
    fs: { allow: [repoRoot] },
    // `wrangler dev` serves the API on :8787; proxy it for `vite dev`.
    proxy: { "/api": "http://127.0.0.1:8787" },
  },
  plugins: [
    solid(),
    VitePWA({
      registerType: "prompt",
      injectRegister: false, // registered by components/UpdatePrompt.tsx
      // icons/ are precached through globPatterns; the plugin adds the manifest.
      includeManifestIcons: false,
      manifest: {
        name: "Салон — онлайн-запись",
        short_name: "Салон",
        description: "Онлайн-запись в салон красоты: услуги, цены, мастера.",
        lang: "ru",
        dir: "ltr",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          {
            src: "/icons/icon-512-maskable.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
        ],
      },
      // Custom worker code (Background Sync replay of the outbox): web/src/sw.ts.
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,png,svg,ico,woff2}"],
        // The back office (web/src/admin, one lazy chunk) is loaded from the
        // network by staff who open /admin; customers never download it.
        globIgnores: ["**/AdminApp-*"],
        rollupFormat: "iife",
      },
      devOptions: { enabled: false },
    }),
  ],
});
