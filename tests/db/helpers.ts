import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client, type Config } from "@libsql/client/web";
import { startLocalServer, type LocalServer, type LocalServerOptions } from "../../db/local-server.js";

/** Tracks everything a test opens so a single cleanup() releases it. */
export class Harness {
  private readonly clients: Client[] = [];
  private readonly servers: LocalServer[] = [];
  private readonly dirs: string[] = [];

  tempFile(): string {
    const dir = mkdtempSync(join(tmpdir(), "libsql-local-"));
    this.dirs.push(dir);
    return join(dir, "test.db");
  }

  async server(opts: Partial<LocalServerOptions> = {}): Promise<LocalServer> {
    const server = await startLocalServer({ file: this.tempFile(), port: 0, ...opts });
    this.servers.push(server);
    return server;
  }

  client(url: string, config: Partial<Config> = {}): Client {
    const client = createClient({ url, ...config });
    this.clients.push(client);
    return client;
  }

  track(client: Client): Client {
    this.clients.push(client);
    return client;
  }

  async cleanup(): Promise<void> {
    for (const c of this.clients.splice(0)) c.close();
    for (const s of this.servers.splice(0)) await s.close();
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

export async function pipeline(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/v2/pipeline`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get("content-type"), json: (await res.json()) as PipelineBody };
}

export interface PipelineBody {
  baton: string | null;
  base_url: string | null;
  results: { type: string; response?: Record<string, unknown> & { result?: Record<string, unknown> }; error?: { message: string; code: string } }[];
  message?: string;
  code?: string;
}

export const sql = (text: string, extra: Record<string, unknown> = {}) => ({ type: "execute", stmt: { sql: text, ...extra } });
