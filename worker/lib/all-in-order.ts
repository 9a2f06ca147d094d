// Promise.all for reads started together (one round trip, see repo/db.ts)
// whose failures have a precedence: the first failure in argument order
// wins, whichever settled first, so a bad session still answers 401 before
// a missing service answers 404.
export async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const r of settled) if (r.status === "rejected") throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
