export { authorizedKeysLine } from "./keys/authorized-keys-line.ts";
export { generateKeyPair } from "./keys/generate-key-pair.ts";
export { KeyError } from "./keys/key-error.ts";
export { parsePrivateKey, type UsableKey } from "./keys/parse-private-key.ts";
export { fingerprintOf } from "./keys/public-key.ts";
