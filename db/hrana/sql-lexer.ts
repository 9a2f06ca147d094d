// A tiny SQLite tokenizer. It exists because the libsql binding exposes neither
// statement tails nor parameter names: we need statement boundaries to run a
// `sequence` one statement at a time (so a busy retry never re-runs earlier
// statements) and parameter names for `describe` and safe binding.

export interface Param {
  /** SQLite's parameter name: "?NNN", ":x", "@x", "$x", or null for a bare "?". */
  name: string | null;
}

export interface SqlScan {
  statements: string[];
  /** Parameters in SQLite's numbering (index 0 = parameter 1), across all statements. */
  params: Param[];
}

function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) > 0x7f;
}

function skipQuoted(sql: string, i: number, close: string): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] === close) {
      // A doubled quote is an escaped quote, not the end.
      if (close !== "]" && sql[j + 1] === close) j++;
      else return j + 1;
    }
  }
  return sql.length;
}

export function scanSql(sql: string): SqlScan {
  const statements: string[] = [];
  const params: Param[] = [];
  const named = new Set<string>();
  let start = 0;
  let hasToken = false;
  let words: string[] = [];
  let depth = 0;

  const inTrigger = (): boolean =>
    words[0] === "CREATE" &&
    (words[1] === "TRIGGER" || ((words[1] === "TEMP" || words[1] === "TEMPORARY") && words[2] === "TRIGGER"));

  const addParam = (name: string | null, index?: number): void => {
    const at = index ?? params.length + 1;
    while (params.length < at) params.push({ name: null });
    if (name !== null) params[at - 1] = { name };
  };

  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      hasToken = true;
      i = skipQuoted(sql, i, c === "[" ? "]" : c);
    } else if (c === ";") {
      if (!inTrigger() || depth === 0) {
        if (hasToken) statements.push(sql.slice(start, i + 1).trim());
        start = i + 1;
        hasToken = false;
        words = [];
        depth = 0;
      }
      i++;
    } else if (c === "?") {
      hasToken = true;
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      if (j === i + 1) {
        addParam(null);
      } else {
        const n = Number(sql.slice(i + 1, j));
        addParam(`?${n}`, n);
      }
      i = j;
    } else if ((c === ":" || c === "@" || c === "$") && next !== undefined && isIdentChar(next)) {
      hasToken = true;
      let j = i + 1;
      while (j < sql.length && isIdentChar(sql[j]!)) j++;
      const name = sql.slice(i, j);
      if (!named.has(name)) {
        named.add(name);
        addParam(name);
      }
      i = j;
    } else if (isIdentChar(c)) {
      hasToken = true;
      let j = i + 1;
      while (j < sql.length && isIdentChar(sql[j]!)) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (words.length < 3) words.push(word);
      if (inTrigger()) {
        if (word === "BEGIN" || word === "CASE") depth++;
        else if (word === "END") depth--;
      }
      i = j;
    } else {
      if (!/\s/.test(c)) hasToken = true;
      i++;
    }
  }
  if (hasToken) statements.push(sql.slice(start).trim());
  return { statements, params };
}
