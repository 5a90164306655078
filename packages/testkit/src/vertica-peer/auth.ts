// Password authentication as a Vertica server performs it for vertica-nodejs: the challenge to
// send and the answer we expect back. The client's hashing lives in vertica-nodejs lib/utils.js
// (postgresMd5PasswordHash, postgresSha512PasswordHash); we recompute the same digest here.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { authenticationCleartext, authenticationHashed } from "./backend-messages.ts";
import { AuthCode } from "./protocol.ts";

export type AuthMethod = "password" | "md5" | "sha512";

export interface AuthChallenge {
  /** The AuthenticationRequest message to send. */
  message: Buffer;
  /** Does the client's PasswordMessage prove knowledge of the password? */
  verify(user: string, response: string): boolean;
}

const hex = (alg: "md5" | "sha512", data: Buffer | string): string => createHash(alg).update(data).digest("hex");

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Builds a fresh challenge (new salts per connection) for the configured method and password. */
export function createChallenge(method: AuthMethod, expectedUser: string, password: string): AuthChallenge {
  const userOk = (user: string) => sameText(user, expectedUser);
  switch (method) {
    case "password":
      return {
        message: authenticationCleartext(),
        verify: (user, response) => userOk(user) && sameText(response, password),
      };
    case "md5": {
      // 'md5' + md5(md5(password + user) + salt) — PostgreSQL's scheme, in Vertica's 32-byte frame.
      const salt = randomBytes(4);
      const expected = "md5" + hex("md5", Buffer.concat([Buffer.from(hex("md5", password + expectedUser)), salt]));
      return {
        message: authenticationHashed(AuthCode.MD5, salt, randomBytes(16)),
        verify: (user, response) => userOk(user) && sameText(response, expected),
      };
    }
    case "sha512": {
      // 'sha512' + sha512(sha512(password + userSalt) + salt); Vertica stores the inner digest per
      // user, the 4-byte salt is per connection. The user salt is always 16 bytes.
      const salt = randomBytes(4);
      const userSalt = randomBytes(16);
      const inner = hex("sha512", Buffer.concat([Buffer.from(password), userSalt]));
      const expected = "sha512" + hex("sha512", Buffer.concat([Buffer.from(inner), salt]));
      return {
        message: authenticationHashed(AuthCode.HashSHA512, salt, userSalt),
        verify: (user, response) => userOk(user) && sameText(response, expected),
      };
    }
  }
}
