"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "~/ui/button.tsx";
import { Page } from "~/ui/page.tsx";

// Next shows this when a page fails on the server; the details stay in the server's log, where
// the digest below finds them.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Page width="narrow" className="flex flex-col items-center gap-3 py-16 text-center">
      <TriangleAlert aria-hidden className="size-10 text-danger" />
      <h1 className="text-2xl font-semibold">This page could not be loaded</h1>
      <p className="text-sm text-muted-foreground">
        {error.digest ? (
          <>
            Try again. If it keeps failing, give your operator this reference: <code className="font-mono">{error.digest}</code>
          </>
        ) : (
          "Try again. If it keeps failing, your operator finds the cause in the server's log."
        )}
      </p>
      <div className="flex gap-2">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <Button asChild>
          <a href="/connections">Back to Connections</a>
        </Button>
      </div>
    </Page>
  );
}
