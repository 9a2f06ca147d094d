// Constant-time comparison of secrets (webhook secrets, sign-in code hashes):
// both sides are hashed to fixed-length digests first, so neither length nor
// content leaks by timing.
async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

export async function secretMatches(given: string | undefined, expected: string | null): Promise<boolean> {
  if (!expected) return false;
  const [a, b] = await Promise.all([digest(given ?? ""), digest(expected)]);
  let diff = given === undefined ? 1 : 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
