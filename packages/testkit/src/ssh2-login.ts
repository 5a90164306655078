import { Client, type AuthenticationType } from "ssh2";

export interface Ssh2Login {
  host: string;
  port: number;
  username: string;
  /** OpenSSH or PEM private key text; with it only public-key auth is tried. */
  privateKey?: string;
  /** Tried when there is no private key, whatever the server offers. */
  password?: string;
  /** The server's host key blob (the base64 of a known_hosts line): anything else fails the connection. */
  hostKeyBase64: string;
  readyTimeoutMs?: number;
}

export interface Ssh2Session {
  client: Client;
  /** The methods the server said may continue after the `none` attempt. */
  offeredMethods: string[];
}

export interface Ssh2LoginError extends Error {
  /** ssh2's level, e.g. "client-authentication" for a refused login. */
  level?: string;
  offeredMethods: string[];
}

/**
 * An ssh2 `Client` logged in with exactly one method (after `none`, which asks the server what it
 * offers). Resolves on `ready`; rejects with ssh2's error and the offered methods otherwise.
 */
export function ssh2Login(login: Ssh2Login): Promise<Ssh2Session> {
  const client = new Client();
  let offeredMethods: string[] = [];
  let attempts = 0;
  return new Promise((resolve, reject) => {
    client.once("ready", () => resolve({ client, offeredMethods }));
    client.once("error", (error: Error & { level?: string }) => {
      client.end();
      reject(Object.assign(error, { offeredMethods }) as Ssh2LoginError);
    });
    client.connect({
      host: login.host,
      port: login.port,
      username: login.username,
      readyTimeout: login.readyTimeoutMs ?? 10_000,
      hostVerifier: (key: Buffer) => key.toString("base64") === login.hostKeyBase64,
      authHandler: (methodsLeft, _partialSuccess, next) => {
        if (methodsLeft) offeredMethods = [...methodsLeft];
        attempts += 1;
        if (attempts === 1) return next({ type: "none", username: login.username });
        // ssh2 documents `false` as "no more methods" (the login then fails); its types omit it.
        if (attempts > 2) return next(false as unknown as AuthenticationType);
        if (login.privateKey) return next({ type: "publickey", username: login.username, key: login.privateKey });
        return next({ type: "password", username: login.username, password: login.password ?? "" });
      },
    });
  });
}
