"use client";

import type { PublicSshTunnel } from "@connections/core";
import { CopyButton } from "~/ui/copy-button.tsx";
import { Field } from "~/ui/field.tsx";

/** The public half of the tunnel key and its ready authorized_keys line, to copy onto the bastion. */
export function PublicKeyPanel({ tunnel }: { tunnel: PublicSshTunnel }) {
  return (
    <section className="public-key" aria-labelledby="public-key-heading">
      <h2 id="public-key-heading">{tunnel.key_source === "generated" ? "Generated key pair" : "Key in use"}</h2>
      <p className="muted">
        Fingerprint <code>{tunnel.public_key_fingerprint}</code>. Add the line below to the bastion user's{" "}
        <code>~/.ssh/authorized_keys</code>.
      </p>
      {tunnel.key_warnings.map((warning) => (
        <p key={warning.code} className="error" role="status">
          {warning.message}
        </p>
      ))}
      <Field label="Public key">{(control) => <textarea {...control} readOnly rows={2} value={tunnel.public_key} />}</Field>
      <CopyButton text={tunnel.public_key} label="Copy public key" />
      <Field label="authorized_keys line" hint="Limited to forwarding to this database's host and port">
        {(control) => <textarea {...control} readOnly rows={3} value={tunnel.authorized_keys_line} />}
      </Field>
      <CopyButton text={tunnel.authorized_keys_line} label="Copy authorized_keys line" />
    </section>
  );
}
