// The local stack's HTTP server is workerd's own (no proxy in front): a
// keep-alive connection must stay usable after any answer, including one
// given before the request's body was read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, type LocalStack } from "./stack";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("connections to the local stack", () => {
  it("keeps a keep-alive connection usable after answering without reading the request's body", { timeout: 60_000 }, async () => {
    // Unsigned payments are refused (401) before their JSON is parsed; before
    // the fix about one in forty of the next requests found its connection reset.
    // (Payments, not bookings: bookings are rate limited per client, 30 a minute.)
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      try {
        const response = await fetch(`${stack.baseUrl}/api/v1/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: i }) });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      } catch (error) {
        failures.push(String((error as Error).cause ?? error));
      }
    }
    expect(failures).toEqual([]);
    expect([...statuses]).toEqual([[401, 400]]);
  });
});
