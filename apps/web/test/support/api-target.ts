/** What the global setup hands to the API tests: the running server and its database. */
export interface ApiTarget {
  baseUrl: string;
  databaseUrl: string;
  encryptionKey: string;
  provider: "sqlite" | "postgresql";
  webDir: string;
  /** Everything the server wrote to stdout and stderr. */
  logFile: string;
  /** The server's process id, for reading its memory from /proc. */
  pid: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    api: ApiTarget;
  }
}
