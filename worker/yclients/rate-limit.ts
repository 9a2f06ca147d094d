// Client-side pacing. YClients allows 200 requests a minute *and* 5 a second
// per IP address: a call starts only when both windows have room. Per
// isolate, which is what a Worker can do without coordination; 429s are
// handled by the client.
export type Acquire = () => Promise<void>;

export interface Window {
  max: number;
  ms: number;
}

export const YCLIENTS_WINDOWS: Window[] = [
  { max: 5, ms: 1000 },
  { max: 200, ms: 60_000 },
];

export function rateLimiter(windows: Window[] | number, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), now = () => Date.now()): Acquire {
  const limits = typeof windows === "number" ? [{ max: windows, ms: 1000 }] : windows;
  const longest = Math.max(...limits.map((w) => w.ms));
  const starts: number[] = [];
  let queue = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = now();
      while (starts.length > 0 && starts[0]! <= t - longest) starts.shift();
      // The longest wait any window still asks for.
      let wait = 0;
      for (const w of limits) {
        const inWindow = starts.filter((s) => s > t - w.ms);
        if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.ms - t);
      }
      if (wait <= 0) {
        starts.push(t);
        return;
      }
      await sleep(wait);
    }
  };
  // Callers line up so that waiting ones are served in order.
  return () => {
    const turn = queue.then(take);
    queue = turn.catch(() => undefined);
    return turn;
  };
}

export const sharedLimiter = rateLimiter(YCLIENTS_WINDOWS);

/**
 * Reconciliation's waits after a 429 that names no Retry-After: YClients
 * does not say which window was full, so the waits grow from the 5/s window
 * past the whole 200/min one (twice), then the run gives up.
 */
export const RECONCILE_RATE_LIMIT_WAITS_MS = [1000, 2000, 5000, 15_000, 30_000, 60_000, 60_000];
