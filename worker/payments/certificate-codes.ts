// Gift certificate codes: 12 characters from an alphabet without the
// look-alikes (0/O, 1/I/L), drawn with the platform's CSPRNG, shown in groups
// of four. 31^12 ≈ 2^59 codes, and tries are rate limited per client and
// account, so guessing one is hopeless. Customers type them in any case and
// with or without the dashes: a code is stored and looked up normalised.

export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 12;
const GROUP = 4;

/** A fresh code, normalised (no dashes). Rejection sampling keeps every character equally likely. */
export function newCertificateCode(): string {
  const limit = 256 - (256 % CODE_ALPHABET.length);
  let code = "";
  while (code.length < LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(LENGTH * 2))) {
      if (byte < limit && code.length < LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return code;
}

/** "abcd efgh-jkmn" → "ABCDEFGHJKMN"; null when it cannot be a code (wrong length or characters). */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** "ABCDEFGHJKMN" → "ABCD-EFGH-JKMN", as people read and type it. */
export function formatCode(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, "g"))!.join("-");
}
