"use client";

import type { ReactNode } from "react";
import type { PublicBastionTunnel } from "@connections/core";
import { CopyButton } from "~/ui/copy-button.tsx";
import { Field } from "~/ui/field.tsx";
import { Textarea } from "~/ui/textarea.tsx";

/**
 * The public half of the tunnel key and its ready authorized_keys line, to copy onto the bastion;
 * through jump hosts, each server's own line too (each allows forwarding only to the next hop).
 */
export function PublicKeyPanel({ tunnel }: { tunnel: PublicBastionTunnel }) {
  // Absent from a view saved before jump hosts existed.
  const hops = tunnel.jump_hosts ?? [];
  return (
    <section className="min-w-0 space-y-3 rounded-lg border bg-muted/50 p-4" aria-labelledby="public-key-heading">
      <h3 id="public-key-heading" className="font-semibold">
        {tunnel.key_source === "generated" ? "Generated key pair" : "Key in use"}
      </h3>
      <p className="text-sm text-muted-foreground">
        Fingerprint <code className="font-mono text-xs break-all">{tunnel.public_key_fingerprint}</code>.{" "}
        {hops.length > 0 ? (
          <>
            Add each line below to its server user's <code className="font-mono text-xs">~/.ssh/authorized_keys</code>.
          </>
        ) : (
          <>
            Add the line below to the bastion user's <code className="font-mono text-xs">~/.ssh/authorized_keys</code>.
          </>
        )}
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
      {hops.map((hop, index) => {
        const next = hops[index + 1] ?? tunnel;
        const name = `Jump host ${index + 1}`;
        return (
          <AuthorizedKeysLine
            key={`${index}-${hop.host}`}
            server={name}
            host={hop.host}
            line={hop.authorized_keys_line}
            hint={`Limited to forwarding to ${next === tunnel ? "the bastion" : `jump host ${index + 2}`}, ${next.host}:${next.port}`}
          >
            {hop.key_source === "provided" ? (
              <p className="text-sm text-muted-foreground">
                Its own key, fingerprint <code className="font-mono text-xs break-all">{hop.public_key_fingerprint}</code>.
              </p>
            ) : (
              <p className="text-sm text-muted-foreground">Logs in with the key above.</p>
            )}
            {hop.key_warnings.map((warning) => (
              <p key={warning.code} className="text-sm font-medium text-danger" role="status">
                {warning.message}
              </p>
            ))}
          </AuthorizedKeysLine>
        );
      })}
      {hops.length > 0 ? (
        <AuthorizedKeysLine
          server="Bastion"
          host={tunnel.host}
          line={tunnel.authorized_keys_line}
          hint="Limited to forwarding to this database's host and port"
        />
      ) : (
        <>
          <Field label="authorized_keys line" hint="Limited to forwarding to this database's host and port">
            {(control) => <Textarea {...control} readOnly rows={3} value={tunnel.authorized_keys_line} className="text-xs break-all" />}
          </Field>
          <CopyButton text={tunnel.authorized_keys_line} label="Copy authorized_keys line" />
        </>
      )}
    </section>
  );
}

/** One server's authorized_keys line with its copy button, under the server's name ("Jump host 1 · jump.example.com"). */
function AuthorizedKeysLine({
  server,
  host,
  line,
  hint,
  children,
}: {
  server: string;
  host: string;
  line: string;
  hint: string;
  children?: ReactNode;
}) {
  return (
    <div className="min-w-0 space-y-2 border-t pt-3">
      <h4 className="text-sm font-semibold">
        {server} · <span className="font-mono text-xs font-normal break-all">{host}</span>
      </h4>
      {children}
      <Field
        label={
          <>
            <span className="sr-only">{server} · </span>authorized_keys line
          </>
        }
        hint={hint}
      >
        {(control) => <Textarea {...control} readOnly rows={3} value={line} className="text-xs break-all" />}
      </Field>
      <CopyButton text={line} label={`Copy authorized_keys line for ${server.toLowerCase()}`} />
    </div>
  );
}
