// Client-side pacing: at most `perSecond` calls start in any one-second
// window (YClients allows about 5 a second per client). Per isolate, which is
// what a Worker can do without coordination; 429s are handled by the client.
export type Acquire = () => Promise<void>;

export function rateLimiter(perSecond: number, windowMs = 1000, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Acquire {
  const starts: number[] = [];
  let queue = Promise.resolve();
  const take = async () => {
    for (;;) {
      const now = Date.now();
      while (starts.length > 0 && starts[0]! <= now - windowMs) starts.shift();
      if (starts.length < perSecond) {
        starts.push(now);
        return;
      }
      await sleep(starts[0]! + windowMs - now);
    }
  };
  // Callers line up so that waiting ones are served in order.
  return () => {
    const turn = queue.then(take);
    queue = turn.catch(() => undefined);
    return turn;
  };
}

export const sharedLimiter = rateLimiter(5);
