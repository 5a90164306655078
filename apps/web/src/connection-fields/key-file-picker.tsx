"use client";

import { FileKey } from "lucide-react";
import { useId, type ChangeEvent } from "react";
import { useFormContext } from "react-hook-form";
import type { ConnectionFormValues } from "@connections/core";
import { buttonVariants } from "~/ui/button.tsx";

/** The private key limit of the API (ssh_tunnel.private_key), checked here before reading a file. */
const MAX_KEY_FILE_BYTES = 64 * 1024;
const KEY_PATH = "config.ssh_tunnel.private_key";

/** Loads a private key file into the Private key field; it is read in the browser and sent only with the form. */
export function KeyFilePicker() {
  const { setValue, setError, formState } = useFormContext<ConnectionFormValues>();
  const fileId = useId();

  async function readKeyFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_KEY_FILE_BYTES) {
      setError(KEY_PATH, { type: "file", message: `Choose the private key file: ${file.name} is larger than 64 KiB.` });
      return;
    }
    setValue(KEY_PATH, await file.text(), { shouldDirty: true, shouldValidate: formState.isSubmitted });
  }

  return (
    <div>
      <input id={fileId} type="file" className="sr-only" onChange={(event) => void readKeyFile(event)} />
      <label htmlFor={fileId} className={buttonVariants({ size: "sm" })}>
        <FileKey aria-hidden />
        Choose key file
      </label>
    </div>
  );
}
