"use client";

import type { PublicSshTunnel } from "@connections/core";
import { CopyButton } from "~/ui/copy-button.tsx";
import { Field } from "~/ui/field.tsx";
import { Textarea } from "~/ui/textarea.tsx";

/** The public half of the tunnel key and its ready authorized_keys line, to copy onto the bastion. */
export function PublicKeyPanel({ tunnel }: { tunnel: PublicSshTunnel }) {
  return (
    <section className="min-w-0 space-y-3 rounded-lg border bg-muted/50 p-4" aria-labelledby="public-key-heading">
      <h3 id="public-key-heading" className="font-semibold">
        {tunnel.key_source === "generated" ? "Generated key pair" : "Key in use"}
      </h3>
      <p className="text-sm text-muted-foreground">
        Fingerprint <code className="font-mono text-xs break-all">{tunnel.public_key_fingerprint}</code>. Add the line below to the bastion
        user's <code className="font-mono text-xs">~/.ssh/authorized_keys</code>.
      </p>
      {tunnel.key_warnings.map((warning) => (
        <p key={warning.code} className="text-sm font-medium text-danger" role="status">
          {warning.message}
        </p>
      ))}
      <Field label="Public key">
        {(control) => <Textarea {...control} readOnly rows={2} value={tunnel.public_key} className="text-xs break-all" />}
      </Field>
      <CopyButton text={tunnel.public_key} label="Copy public key" />
      <Field label="authorized_keys line" hint="Limited to forwarding to this database's host and port">
        {(control) => <Textarea {...control} readOnly rows={3} value={tunnel.authorized_keys_line} className="text-xs break-all" />}
      </Field>
      <CopyButton text={tunnel.authorized_keys_line} label="Copy authorized_keys line" />
    </section>
  );
}
