// The OpenAPI document as one static HTML page: every operation grouped by
// tag with its parameters, body schema and answers. Rendered on the server
// from the document itself, so it needs no script and no network.

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: ({ name?: string; in?: string; required?: boolean; description?: string; schema?: unknown } | { $ref: string })[];
  requestBody?: { content?: Record<string, { schema?: unknown }> } | { $ref: string };
  responses?: Record<string, { description?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: unknown }> } | { $ref: string }>;
}

interface Document {
  info: { title: string; description?: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; parameters?: Record<string, unknown> };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Backticks and **bold**, the only markup our descriptions use. */
const inline = (text: string) =>
  escape(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\n\n/g, "<br>");

const json = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

function schemaType(schema: unknown): string {
  const s = schema as { type?: string; enum?: unknown[]; pattern?: string; minimum?: number; maximum?: number } | undefined;
  if (!s) return "";
  if (s.enum) return s.enum.map(String).join(" | ");
  return [s.type, s.pattern && `/${s.pattern}/`, s.minimum !== undefined && `≥ ${s.minimum}`, s.maximum !== undefined && `≤ ${s.maximum}`].filter(Boolean).join(", ");
}

function parametersTable(op: Operation, doc: Document): string {
  const rows = (op.parameters ?? []).map((p) => {
    const param = "$ref" in p ? (doc.components?.parameters?.[p.$ref.split("/").pop()!] as Exclude<typeof p, { $ref: string }>) : p;
    const schema = param?.schema as { description?: string } | undefined;
    return `<tr><td><code>${escape(param?.name ?? "?")}</code></td><td>${escape(param?.in ?? "")}</td><td>${param?.required ? "yes" : ""}</td><td>${escape(schemaType(param?.schema))}</td><td>${inline(param?.description ?? schema?.description ?? "")}</td></tr>`;
  });
  return rows.length ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>meaning</th></tr>${rows.join("")}</table>` : "";
}

function operationHtml(method: string, path: string, op: Operation, doc: Document): string {
  const body = op.requestBody && !("$ref" in op.requestBody) ? op.requestBody.content?.["application/json"]?.schema : undefined;
  const answers = Object.entries(op.responses ?? {}).map(([status, r]) => {
    const response = "$ref" in r ? { description: r.$ref } : r;
    const schema = response.content?.["application/json"]?.schema;
    const headers = response.headers ? ` (headers: ${Object.keys(response.headers).map((h) => `<code>${escape(h)}</code>`).join(", ")})` : "";
    return `<li><strong>${escape(status)}</strong> ${inline(response.description ?? "")}${headers}${schema && status.startsWith("2") ? `<details><summary>body</summary>${json(schema)}</details>` : ""}</li>`;
  });
  return `<section class="op" id="${escape(`${method}-${path}`)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${inline(op.summary ?? "")}</p>
${op.description ? `<p class="muted">${inline(op.description)}</p>` : ""}
${parametersTable(op, doc)}
${body ? `<details><summary>request body (JSON)</summary>${json(body)}</details>` : ""}
<ul>${answers.join("")}</ul>
</section>`;
}

export function renderDocsPage(doc: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const operation = op as Operation;
      const tag = operation.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, operation, doc)]);
    }
  }
  const tags = [...byTag.keys()].sort();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.5rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.5rem 0}.muted{color:#555}
.method{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;background:#555;font-size:13px}
.get{background:#2a7}.post{background:#27c}.patch{background:#c82}.delete{background:#c33}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
</style></head><body>
<h1>${escape(doc.info.title)} <small>v${escape(doc.info.version)}</small></h1>
<p>${inline(doc.info.description ?? "")}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${tags.map((t) => `<li><a href="#tag-${escape(t)}">${escape(t)}</a></li>`).join("")}</ul></nav>
${tags.map((t) => `<h2 id="tag-${escape(t)}">${escape(t)}</h2>${byTag.get(t)!.join("\n")}`).join("\n")}
</body></html>`;
}
