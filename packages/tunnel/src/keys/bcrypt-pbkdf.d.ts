// bcrypt-pbkdf ships no types; this is the one function used (OpenBSD's bcrypt_pbkdf, 0 on success).
declare module "bcrypt-pbkdf" {
  export function pbkdf(
    pass: Uint8Array,
    passlen: number,
    salt: Uint8Array,
    saltlen: number,
    key: Uint8Array,
    keylen: number,
    rounds: number,
  ): number;
}
