// The stylesheets are written flat: a rule nested inside another (outside an
// at-rule) is almost always a brace lost in a merge, which silently scopes
// every rule after it under one selector. Catch that here, not on a screen.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SHEETS = ["web/src/styles.css", "web/src/admin/admin.css"];

/** Selectors that open a rule inside another style rule, with their line numbers. */
export function nestedRules(css: string): { line: number; selector: string }[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
  const stack: { atRule: boolean }[] = [];
  const found: { line: number; selector: string }[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (ch === "{") {
      const selector = text.slice(start, i).trim();
      const atRule = selector.startsWith("@");
      if (!atRule && stack.some((s) => !s.atRule)) found.push({ line, selector });
      stack.push({ atRule });
      start = i + 1;
    } else if (ch === "}") {
      stack.pop();
      start = i + 1;
    } else if (ch === ";") {
      start = i + 1;
    }
  }
  if (stack.length > 0) found.push({ line, selector: "(unclosed block at end of file)" });
  return found;
}

/** Top-level rules written twice, selector and body alike (a block pasted again in a merge). */
export function repeatedRules(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const seen = new Set<string>();
  const repeated: string[] = [];
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{") {
      if (depth === 0) open = i;
      depth++;
    } else if (text[i] === "}") {
      depth--;
      if (depth === 0) {
        const rule = text.slice(start, i + 1).replace(/\s+/g, " ").trim();
        if (!text.slice(start, open).trim().startsWith("@")) {
          if (seen.has(rule)) repeated.push(text.slice(start, open).trim());
          seen.add(rule);
        }
        start = i + 1;
      }
    }
  }
  return repeated;
}

describe("stylesheets", () => {
  it("finds a rule left open by a lost brace", () => {
    expect(nestedRules(".a {\n  color: red;\n.b { color: blue; }\n}")).toEqual([{ line: 3, selector: ".b" }]);
    expect(nestedRules("@media (min-width: 1px) { .a { color: red; } }")).toEqual([]);
  });

  it("finds a rule pasted twice", () => {
    expect(repeatedRules(".a { color: red; }\n.b { color: blue; }\n.a {\n  color: red;\n}")).toEqual([".a"]);
    expect(repeatedRules(".a { color: red; }\n.a { margin: 0; }")).toEqual([]);
  });

  for (const sheet of SHEETS) {
    it(`${sheet} has no rule nested in another and no unclosed block`, () => {
      const css = readFileSync(fileURLToPath(new URL(`../../${sheet}`, import.meta.url)), "utf8");
      expect(nestedRules(css)).toEqual([]);
      expect(repeatedRules(css)).toEqual([]);
    });
  }
});
