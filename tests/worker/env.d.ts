declare namespace Cloudflare {
  interface Env {
    TURSO_DATABASE_URL: string;
    JWT_SECRET: string;
  }
  interface Exports {
    default: Fetcher;
  }
}
