"use client";

import { useId, type ReactNode } from "react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import type { ConnectionFormValues, StoredSecrets, TunnelMode } from "@connections/core";
import { FieldRow } from "~/ui/field.tsx";
import { SwitchField } from "~/ui/switch-field.tsx";
import { KEPT_HINT, SecretField, TextAreaField, TextField } from "./bound-fields.tsx";
import { JumpHostFields } from "./jump-host-fields.tsx";
import { KeyFilePicker } from "./key-file-picker.tsx";
import { ReverseTunnelFields, type SavedReverseTunnel } from "./reverse-tunnel-fields.tsx";

/**
 * The `ssh_tunnel` block: off, or on through a bastion (the jump hosts on the way, then the
 * bastion, its user and the key: pasted, from a file, or, where the service may make one,
 * generated), or on as a reverse tunnel (the agent's steps and public key). `extra` shows below
 * the bastion's fields; `savedReverse` is the saved reverse tunnel, if that is what is saved.
 */
export function TunnelFields({
  stored,
  allowGeneratedKey,
  extra,
  savedReverse,
  headingLevel,
}: {
  stored: StoredSecrets;
  allowGeneratedKey: boolean;
  extra?: ReactNode;
  savedReverse?: SavedReverseTunnel | undefined;
  /** The level of the headings inside the block: one below its section's. */
  headingLevel: 3 | 4;
}) {
  const { control } = useFormContext<ConnectionFormValues>();
  // The switch's own value, not a watch: in a dialog the fields mount after the form, when a
  // watch would start from the (still empty) registered values instead of the defaults.
  return (
    <Controller
      control={control}
      name="tunnel"
      render={({ field }) => (
        <div className="space-y-4">
          <SwitchField label="Connect through an SSH tunnel" checked={field.value} onCheckedChange={field.onChange} />
          {field.value ? (
            <Controller
              control={control}
              name="tunnel_mode"
              render={({ field: mode }) => (
                <>
                  <TunnelModeChoice mode={mode.value ?? "bastion"} onChange={mode.onChange} />
                  {mode.value === "reverse" ? (
                    <ReverseTunnelFields saved={savedReverse} headingLevel={headingLevel} />
                  ) : (
                    <>
                      <JumpHostFields stored={stored} headingLevel={headingLevel} />
                      <BastionFields stored={stored} allowGeneratedKey={allowGeneratedKey} headingLevel={headingLevel} />
                      {extra}
                    </>
                  )}
                </>
              )}
            />
          ) : (
            <p className="text-sm text-muted-foreground">Off: this service connects to the database host directly.</p>
          )}
        </div>
      )}
    />
  );
}

const MODES: ReadonlyArray<{ mode: TunnelMode; label: string; description: string }> = [
  {
    mode: "bastion",
    label: "Through a bastion",
    description: "This service logs in to an SSH server of yours that reaches the database.",
  },
  {
    mode: "reverse",
    label: "Reverse tunnel — my network connects out",
    description: "A machine of yours connects out to this service with plain OpenSSH: no inbound port, no private key stored here.",
  },
];

/** Which way the tunnel goes: radios, so arrow keys move between the two. */
function TunnelModeChoice({ mode, onChange }: { mode: TunnelMode; onChange: (mode: TunnelMode) => void }) {
  const id = useId();
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-sm font-medium">How the tunnel connects</legend>
      {MODES.map((option) => (
        <label
          key={option.mode}
          className="flex items-start gap-2 rounded-md border p-3 text-sm has-checked:border-primary has-checked:bg-primary/5"
        >
          <input
            type="radio"
            name={`${id}-tunnel-mode`}
            value={option.mode}
            checked={mode === option.mode}
            onChange={() => onChange(option.mode)}
            aria-describedby={`${id}-${option.mode}`}
            className="mt-0.5 size-4 shrink-0 accent-primary"
          />
          <span className="min-w-0">
            <span className="font-medium">{option.label}</span>
            <span id={`${id}-${option.mode}`} className="block text-xs text-muted-foreground">
              {option.description}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function BastionFields({
  stored,
  allowGeneratedKey,
  headingLevel,
}: {
  stored: StoredSecrets;
  allowGeneratedKey: boolean;
  headingLevel: 3 | 4;
}) {
  const { register, control, formState } = useFormContext<ConnectionFormValues>();
  const keySource = useWatch({ control, name: "key_source", defaultValue: formState.defaultValues?.key_source ?? "paste" });
  const hops = (useWatch({ control, name: "config.ssh_tunnel.jump_hosts" }) as unknown[] | undefined)?.length ?? 0;
  const keyStored = stored.paths.has("ssh_tunnel.private_key");
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="space-y-4">
      {/* With jump hosts before it, the bastion is the last server of the chain: said so above its fields. */}
      {hops > 0 ? <Heading className="border-t pt-4 text-sm font-semibold">Bastion</Heading> : null}
      <FieldRow narrowLast>
        <TextField
          name="config.ssh_tunnel.host"
          label="Bastion host"
          placeholder="bastion.example.com"
          hint={hops > 0 ? `Reachable from jump host ${hops}` : "Reachable from this service"}
        />
        <TextField name="config.ssh_tunnel.port" label="SSH port" placeholder="22" inputMode="numeric" />
      </FieldRow>
      <TextField name="config.ssh_tunnel.user" label="SSH user" placeholder="dynamiq" hint="A dedicated user on the bastion" />
      {allowGeneratedKey ? (
        <fieldset className="space-y-2">
          <legend className="mb-1.5 text-sm font-medium">Private key</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" value="paste" className="mt-0.5 size-4 accent-primary" {...register("key_source")} />
            {keyStored ? "Use the stored key, or paste or choose a new one" : "Paste or choose a key file"}
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" value="generate" className="mt-0.5 size-4 accent-primary" {...register("key_source")} />
            Generate a key pair for me
          </label>
        </fieldset>
      ) : null}
      {allowGeneratedKey && keySource === "generate" ? (
        <p className="rounded-md border border-info/40 bg-info/10 p-3 text-sm" id="generate-note">
          {stored.generatedKey
            ? "The key pair generated for this connection is kept."
            : keyStored
              ? "Saving replaces the stored key with a new Ed25519 key pair; its public key is shown after saving."
              : "Saving generates a dedicated Ed25519 key pair; its public key and authorized_keys line are shown after saving, to add on the bastion. Test works after that."}
        </p>
      ) : (
        <>
          <TextAreaField
            name="config.ssh_tunnel.private_key"
            label="Private key"
            rows={5}
            placeholder="Paste the key file: -----BEGIN … PRIVATE KEY----- …"
            hint={
              keyStored
                ? KEPT_HINT
                : `OpenSSH, PEM, PKCS#8 or PuTTY .ppk text. Write-only: it is never shown again${hops > 0 ? ". Jump hosts without a key of their own log in with it too" : ""}`
            }
          />
          <KeyFilePicker />
          <SecretField
            name="config.ssh_tunnel.private_key_passphrase"
            label="Private key passphrase"
            stored={stored.paths.has("ssh_tunnel.private_key_passphrase")}
            hint="Only for an encrypted key"
          />
        </>
      )}
      <TextField
        name="config.ssh_tunnel.host_key_fingerprint"
        label="Pinned host key (optional)"
        placeholder="SHA256:…"
        hint="The bastion's SHA256 host key fingerprint. Blank: the key seen on the first successful connection is pinned"
      />
    </div>
  );
}
