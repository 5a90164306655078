import { createPrivateKey, X509Certificate } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { scratchDir } from "../src/scratch-dir.ts";
import { makeCertificates } from "../src/tls-certificates.ts";

const dir = scratchDir("tls-test");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("makeCertificates", () => {
  it("makes a CA-signed server certificate with the SANs, and an unrelated CA", () => {
    const certs = makeCertificates(dir, { dnsNames: ["db.test", "localhost"], ips: ["127.0.0.1"] });
    const ca = new X509Certificate(certs.ca.pem);
    const wrongCa = new X509Certificate(certs.wrongCa.pem);
    const server = new X509Certificate(certs.server.cert.pem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.subjectAltName).toBe("DNS:db.test, DNS:localhost, IP Address:127.0.0.1");
    expect(server.checkHost("db.test")).toBe("db.test");
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.verify(wrongCa.publicKey)).toBe(false);
    expect(server.checkPrivateKey(createPrivateKey(certs.server.key.pem))).toBe(true);
    expect(statSync(certs.serverTls.keyPath).mode & 0o077).toBe(0); // openssl writes keys owner-only.
  });
});
