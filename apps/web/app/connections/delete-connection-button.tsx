"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "~/ui/alert-dialog.tsx";
import { Button } from "~/ui/button.tsx";
import { toast } from "~/ui/toast.tsx";
import { trpc } from "~/trpc-client.ts";
import { useAsyncAction } from "~/use-async-action.ts";

/** Delete, after a confirmation that names the connection; the list refreshes without it. */
export function DeleteConnectionButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const { running, run } = useAsyncAction(async () => {
    try {
      await trpc.connection.delete.mutate({ id });
      toast({ title: "Connection deleted", description: name });
      router.refresh();
    } catch (error) {
      toast({ title: `Could not delete ${name}`, description: error instanceof Error ? error.message : String(error), tone: "danger" });
    }
  });
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="ghost" className="text-danger hover:text-danger" disabled={running} aria-label={`Delete ${name}`}>
          <Trash2 aria-hidden />
          {running ? "Deleting…" : "Delete"}
        </Button>
      }
      title={`Delete ${name}?`}
      description="Workflows and people using this connection lose access to its database. Its stored secrets are deleted; this cannot be undone."
      confirmLabel="Delete connection"
      onConfirm={() => void run()}
    />
  );
}
