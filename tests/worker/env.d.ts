declare namespace Cloudflare {
  interface Env {
    TURSO_DATABASE_URL: string;
  }
  interface Exports {
    default: Fetcher;
  }
}
