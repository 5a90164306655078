/** What the global setup hands to the API tests: the running server and its database. */
export interface ApiTarget {
  baseUrl: string;
  databaseUrl: string;
  encryptionKey: string;
  provider: "sqlite" | "postgresql";
  webDir: string;
  /** Everything the server wrote to stdout and stderr. */
  logFile: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    api: ApiTarget;
  }
}
