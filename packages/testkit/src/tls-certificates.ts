import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface PemFile {
  pem: string;
  path: string;
}

/** What the server helpers take for `tls`. */
export interface TlsFiles {
  certPath: string;
  keyPath: string;
  caPath: string;
}

export interface TestCertificates {
  /** The CA that signed `server`: what a verifying client trusts. */
  ca: PemFile;
  /** Server certificate (SANs as asked) and its unencrypted private key. */
  server: { cert: PemFile; key: PemFile };
  /** An unrelated CA: a client trusting only this one must reject the server. */
  wrongCa: PemFile;
  /** The server certificate, key and CA as paths, ready for a server helper's `tls` option. */
  serverTls: TlsFiles;
}

/** A throwaway CA and a server certificate it signed, made with the openssl CLI for this run only. */
export function makeCertificates(dir: string, names: { dnsNames: string[]; ips: string[] }): TestCertificates {
  const sans = [...names.dnsNames.map((n) => `DNS:${n}`), ...names.ips.map((ip) => `IP:${ip}`)];
  if (sans.length === 0) throw new Error("makeCertificates needs at least one DNS name or IP");
  // Our own config so the system openssl.cnf cannot add or duplicate extensions.
  const config = join(dir, "openssl.cnf");
  writeFileSync(
    config,
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "[dn]",
      "[ca_ext]",
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash",
      "[server_ext]",
      "basicConstraints = critical, CA:FALSE",
      "keyUsage = critical, digitalSignature, keyEncipherment",
      "extendedKeyUsage = serverAuth",
      `subjectAltName = ${sans.join(", ")}`,
      "authorityKeyIdentifier = keyid",
    ].join("\n"),
  );
  const file = (name: string) => join(dir, name);
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-config", config];
  const selfSignedCa = (name: string, cn: string) =>
    openssl([
      "req",
      "-x509",
      "-new",
      ...newKey,
      "-extensions",
      "ca_ext",
      "-subj",
      `/CN=${cn}`,
      "-days",
      "2",
      "-keyout",
      file(`${name}.key`),
      "-out",
      file(`${name}.crt`),
    ]);

  selfSignedCa("ca", "connections test CA");
  selfSignedCa("wrong-ca", "connections unrelated CA");
  rmSync(file("wrong-ca.key")); // Never signs anything.
  openssl([
    "req",
    "-new",
    ...newKey,
    "-subj",
    `/CN=${names.dnsNames[0] ?? names.ips[0]}`,
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  ]);
  openssl([
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.crt"),
    "-CAkey",
    file("ca.key"),
    "-set_serial",
    `0x${randomBytes(8).toString("hex")}`,
    "-days",
    "2",
    "-extfile",
    config,
    "-extensions",
    "server_ext",
    "-out",
    file("server.crt"),
  ]);
  const pem = (name: string): PemFile => ({ pem: readFileSync(file(name), "utf8"), path: file(name) });
  return {
    ca: pem("ca.crt"),
    server: { cert: pem("server.crt"), key: pem("server.key") },
    wrongCa: pem("wrong-ca.crt"),
    serverTls: { certPath: file("server.crt"), keyPath: file("server.key"), caPath: file("ca.crt") },
  };
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}
