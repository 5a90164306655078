"use client";

import { useId, type ChangeEvent } from "react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import type { ConnectionFormValues, PublicSshTunnel, StoredSecrets } from "@connections/core";
import { SwitchField } from "~/ui/switch-field.tsx";
import { BastionChecklist } from "./bastion-checklist.tsx";
import { KEPT_HINT, SecretField, TextAreaField, TextField } from "./form-fields.tsx";
import { PublicKeyPanel } from "./public-key-panel.tsx";

const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The `ssh_tunnel` block: off, or the bastion, its user and the key (pasted, from a file, or generated). */
export function SshTunnelSection({ stored, savedTunnel }: { stored: StoredSecrets; savedTunnel: PublicSshTunnel | undefined }) {
  const { control } = useFormContext<ConnectionFormValues>();
  const on = useWatch({ control, name: "tunnel" });
  return (
    <fieldset className="section tunnel-section">
      <legend>SSH tunnel</legend>
      <div className="tunnel-layout">
        <div>
          <Controller
            control={control}
            name="tunnel"
            render={({ field }) => (
              <SwitchField label="Connect through an SSH tunnel" checked={field.value} onCheckedChange={field.onChange} />
            )}
          />
          {on ? <TunnelFields stored={stored} /> : <p className="muted">Off: this service connects to the database host directly.</p>}
          {on && savedTunnel ? <PublicKeyPanel tunnel={savedTunnel} /> : null}
        </div>
        <BastionChecklist />
      </div>
    </fieldset>
  );
}

function TunnelFields({ stored }: { stored: StoredSecrets }) {
  const { register, control } = useFormContext<ConnectionFormValues>();
  const keySource = useWatch({ control, name: "key_source" });
  const keyStored = stored.paths.has("ssh_tunnel.private_key");
  return (
    <>
      <div className="field-row">
        <TextField
          name="config.ssh_tunnel.host"
          label="Bastion host"
          placeholder="bastion.example.com"
          hint="Reachable from this service"
        />
        <TextField name="config.ssh_tunnel.port" label="SSH port" placeholder="22" inputMode="numeric" />
      </div>
      <TextField name="config.ssh_tunnel.user" label="SSH user" placeholder="dynamiq" hint="A dedicated user on the bastion" />
      <fieldset className="choice">
        <legend>Private key</legend>
        <label>
          <input type="radio" value="paste" {...register("key_source")} />{" "}
          {keyStored ? "Use the stored key, or paste or choose a new one" : "Paste or choose a key file"}
        </label>
        <label>
          <input type="radio" value="generate" {...register("key_source")} /> Generate a key pair for me
        </label>
      </fieldset>
      {keySource === "generate" ? (
        <p className="note" id="generate-note">
          {stored.generatedKey
            ? "The key pair generated for this connection is kept."
            : keyStored
              ? "Saving replaces the stored key with a new Ed25519 key pair; its public key is shown after saving."
              : "Saving generates a dedicated Ed25519 key pair; its public key and authorized_keys line are shown after saving, to add on the bastion. Test works after that."}
        </p>
      ) : (
        <PastedKeyFields keyStored={keyStored} passphraseStored={stored.paths.has("ssh_tunnel.private_key_passphrase")} />
      )}
      <TextField
        name="config.ssh_tunnel.host_key_fingerprint"
        label="Pinned host key (optional)"
        placeholder="SHA256:…"
        hint="The bastion's SHA256 host key fingerprint. Blank: the key seen on the first successful connection is pinned"
      />
    </>
  );
}

function PastedKeyFields({ keyStored, passphraseStored }: { keyStored: boolean; passphraseStored: boolean }) {
  const { setValue, setError } = useFormContext<ConnectionFormValues>();
  const fileId = useId();

  async function readKeyFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_KEY_FILE_BYTES) {
      setError("config.ssh_tunnel.private_key", {
        type: "file",
        message: `${file.name} is larger than 64 KiB: choose the private key file`,
      });
      return;
    }
    // Read here, in the browser: the key goes to the server only with the form.
    setValue("config.ssh_tunnel.private_key", await file.text(), { shouldDirty: true, shouldValidate: true });
  }

  return (
    <>
      <TextAreaField
        name="config.ssh_tunnel.private_key"
        label="Private key"
        rows={5}
        placeholder="Paste the key file: -----BEGIN … PRIVATE KEY----- …"
        hint={keyStored ? KEPT_HINT : "OpenSSH, PEM, PKCS#8 or PuTTY .ppk text. Write-only: it is never shown again"}
      />
      <div className="file-pick">
        <input id={fileId} type="file" className="visually-hidden" onChange={(event) => void readKeyFile(event)} />
        <label htmlFor={fileId} className="button">
          Choose key file
        </label>
      </div>
      <SecretField
        name="config.ssh_tunnel.private_key_passphrase"
        label="Private key passphrase"
        stored={passphraseStored}
        hint="Only for an encrypted key"
      />
    </>
  );
}
