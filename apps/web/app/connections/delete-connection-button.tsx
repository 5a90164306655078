"use client";

import { useRouter } from "next/navigation";
import { ConfirmDialog } from "~/ui/alert-dialog.tsx";
import { trpc } from "~/trpc-client.ts";
import { useAsyncAction } from "~/use-async-action.ts";

/** Delete, after a confirmation that names the connection; the list refreshes without it. */
export function DeleteConnectionButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const { error, running, run } = useAsyncAction(async () => {
    await trpc.connection.delete.mutate({ id });
    router.refresh();
  });
  return (
    <>
      <ConfirmDialog
        trigger={
          <button type="button" disabled={running} aria-label={`Delete ${name}`}>
            {running ? "Deleting…" : "Delete"}
          </button>
        }
        title={`Delete ${name}?`}
        description="Workflows and people using this connection lose access to its database. Its stored secrets are deleted; this cannot be undone."
        confirmLabel="Delete connection"
        onConfirm={() => void run()}
      />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
