import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** Worker tests in workerd, against a fresh seeded local endpoint started by the project's global setup. */
function workerProject(name: string, include: string[], globalSetup = "tests/worker/global-setup.ts", oneFileAtATime = false) {
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ENVIRONMENT: "development",
            TURSO_DATABASE_URL: inject("dbUrl"),
            JWT_SECRET: "test-secret-not-for-production",
            APP_URL: "https://app.salon.test",
            ...inject("fakeBindings"),
          },
        },
      })),
    ],
    test: {
      name,
      include,
      globalSetup: [globalSetup],
      testTimeout: 20_000,
      fileParallelism: !oneFileAtATime,
    },
  };
}

export default defineConfig({
  test: {
    // Request logs of passing tests are noise; a failing test still shows its own.
    silent: "passed-only",
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/worker/**", "tests/worker-cron/**", "tests/worker-reset/**", "tests/worker-alone/**", "tests/round-trips/**", "tests/e2e/**"],
          testTimeout: 20_000,
        },
      },
      workerProject("worker", ["tests/worker/**/*.test.ts"]),
      // Its own database endpoint: the round trips it counts are its own.
      workerProject("round-trips", ["tests/round-trips/**/*.test.ts"]),
      // Salon-wide limits (the hourly SMS budget): a database of their own, so
      // lowering a limit cannot refuse the other files' sign-ins.
      workerProject("worker-alone", ["tests/worker-alone/**/*.test.ts"]),
      // The cron handler runs every job over every row of its database (refund
      // retries, reminders, the ledger audit, hold expiry, YClients event
      // retries and reconciliation): the files that drive it get a database of
      // their own and run one at a time, so no file's cron run reaches another
      // file's rows while that file is still looking.
      workerProject("worker-cron", ["tests/worker-cron/**/*.test.ts"], undefined, true),
      // Wipes and re-creates its own database, so it cannot share one with the others.
      workerProject("worker-reset", ["tests/worker-reset/**/*.test.ts"], "tests/worker-reset/global-setup.ts"),
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // expect.poll waits as long as the suites' locators (WAIT_MS 10–15 s), not vitest's 1 s default.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
