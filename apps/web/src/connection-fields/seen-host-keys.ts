import type { UseFormReturn } from "react-hook-form";
import type { ConnectionFormBody, ConnectionFormValues, HostKeysSeen } from "@connections/core";
import type { FieldName } from "./bound-fields.tsx";

/**
 * The first successful test of a saved connection pinned the host keys it saw (the bastion's and
 * each jump host's): put them in the pin fields left blank, so saving the form again keeps them.
 */
export function showPinnedHostKeys(form: UseFormReturn<ConnectionFormValues, unknown, ConnectionFormBody>, seen: HostKeysSeen): void {
  const pins: ReadonlyArray<readonly [FieldName, string | null | undefined]> = [
    ["config.ssh_tunnel.host_key_fingerprint", seen.host_key_fingerprint],
    ...(seen.jump_host_key_fingerprints ?? []).map(
      (fingerprint, index) => [`config.ssh_tunnel.jump_hosts.${index}.host_key_fingerprint` as FieldName, fingerprint] as const,
    ),
  ];
  for (const [name, fingerprint] of pins) {
    if (fingerprint && form.getValues(name) === "") form.resetField(name, { defaultValue: fingerprint });
  }
}
