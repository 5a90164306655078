"use client";

import type { ChangeEvent } from "react";
import { useFormContext } from "react-hook-form";
import { Field } from "~/ui/field.tsx";
import { valueOf } from "./connector-fields.ts";
import { messageAt } from "./form-errors.ts";

const at = (field: string) => `config.ssh_tunnel.${field}`;

/** Host, Port, User, Private key (pasted or picked from a file) and its passphrase. */
export function BastionFields() {
  const {
    register,
    setValue,
    formState: { errors, isSubmitted },
  } = useFormContext();

  async function loadKeyFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setValue(at("private_key"), await file.text(), { shouldValidate: isSubmitted, shouldDirty: true });
    event.target.value = "";
  }

  return (
    <fieldset className="bastion">
      <legend>SSH bastion</legend>
      <div className="bastion-address">
        <Field label="Host" error={messageAt(errors, at("host"))}>
          {(control) => <input {...control} {...register(at("host"))} placeholder="bastion.example.com" autoComplete="off" />}
        </Field>
        <Field label="Port" error={messageAt(errors, at("port"))}>
          {(control) => (
            <input
              {...control}
              {...register(at("port"), { setValueAs: (raw: unknown) => valueOf({ input: "port" }, raw) })}
              type="number"
              inputMode="numeric"
              placeholder="22"
            />
          )}
        </Field>
      </div>
      <Field label="User" error={messageAt(errors, at("user"))}>
        {(control) => <input {...control} {...register(at("user"))} autoComplete="off" />}
      </Field>
      <Field label="Private key" hint="OpenSSH or PEM text; paste it or load it from a file" error={messageAt(errors, at("private_key"))}>
        {(control) => <textarea {...control} {...register(at("private_key"))} rows={4} spellCheck={false} autoComplete="off" />}
      </Field>
      <label className="file-pick">
        Load the private key from a file <input type="file" onChange={(event) => void loadKeyFile(event)} />
      </label>
      <Field label="Private key passphrase" hint="Only if the key is encrypted" error={messageAt(errors, at("private_key_passphrase"))}>
        {(control) => <input {...control} {...register(at("private_key_passphrase"))} type="password" autoComplete="new-password" />}
      </Field>
    </fieldset>
  );
}
