"use client";

import { ShieldCheck } from "lucide-react";
import { trpc } from "~/trpc-client.ts";
import { ConfirmDialog } from "~/ui/alert-dialog.tsx";
import { Button } from "~/ui/button.tsx";
import { toast } from "~/ui/toast.tsx";
import { useAsyncAction } from "~/use-async-action.ts";

/** Pins the key the server shows now on every connection of the project that pinned the old one, after asking. */
export function AcceptHostKeyButton({
  projectId,
  tunnelId,
  fingerprint,
  serverName,
  onAccepted,
}: {
  projectId: string;
  tunnelId: string;
  fingerprint: string;
  serverName: string;
  onAccepted: () => void;
}) {
  const accept = useAsyncAction(async () => {
    const answer = await trpc.tunnel.acceptHostKey.mutate({ project_id: projectId, tunnel_id: tunnelId, fingerprint });
    const count = answer.repinned_connection_ids.length + answer.repinned_chat_connector_ids.length;
    toast({ title: `New host key pinned on ${count} connection${count === 1 ? "" : "s"}` });
    onAccepted();
  });
  return (
    <>
      <ConfirmDialog
        trigger={
          <Button disabled={accept.running}>
            <ShieldCheck aria-hidden />
            {accept.running ? "Accepting…" : "Accept new host key"}
          </Button>
        }
        title="Accept the new host key?"
        description={
          <>
            Every connection of this project that pinned the old key for {serverName} will trust{" "}
            <span className="font-mono break-all">{fingerprint}</span> instead. This is recorded in the audit log.
          </>
        }
        confirmLabel="Accept new host key"
        onConfirm={() => void accept.run()}
      />
      {accept.error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {accept.error}
        </p>
      ) : null}
    </>
  );
}
