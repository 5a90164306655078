"use client";

import { FileKey } from "lucide-react";
import { useId, type ChangeEvent, type ReactNode } from "react";
import { useFormContext } from "react-hook-form";
import { fieldSentence, type ConnectionFormValues } from "@connections/core";
import { buttonVariants } from "~/ui/button.tsx";
import type { FieldName } from "./bound-fields.tsx";

/** The private key limit of the API (ssh_tunnel.private_key, and a jump host's), checked here before reading a file. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Loads a private key file into a Private key field (the tunnel's unless `name` says which); it is
 * read in the browser and sent only with the form. `label` words the button for a jump host's key.
 */
export function KeyFilePicker({
  name = "config.ssh_tunnel.private_key",
  label = "Choose key file",
}: {
  name?: FieldName;
  label?: ReactNode;
}) {
  const { setValue, setError, formState } = useFormContext<ConnectionFormValues>();
  const fileId = useId();

  async function readKeyFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_KEY_FILE_BYTES) {
      // Through fieldSentence, so a jump host's says which one it is about.
      setError(name, { type: "file", message: fieldSentence(name, `Choose the private key file: ${file.name} is larger than 64 KiB.`) });
      return;
    }
    setValue(name, await file.text(), { shouldDirty: true, shouldValidate: formState.isSubmitted });
  }

  return (
    <div>
      <input id={fileId} type="file" className="sr-only" onChange={(event) => void readKeyFile(event)} />
      <label htmlFor={fileId} className={buttonVariants({ size: "sm" })}>
        <FileKey aria-hidden />
        {label}
      </label>
    </div>
  );
}
