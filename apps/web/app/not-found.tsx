import { SearchX } from "lucide-react";
import { Button } from "~/ui/button.tsx";
import { Page } from "~/ui/page.tsx";

export const metadata = { title: "Not found · Connections" };

export default function NotFound() {
  return (
    <Page width="narrow" className="flex flex-col items-center gap-3 py-16 text-center">
      <SearchX aria-hidden className="size-10 text-muted-foreground" />
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="text-sm text-muted-foreground">This page does not exist, or it belongs to a project you are not a member of.</p>
      <Button asChild variant="primary">
        <a href="/connections">Back to Connections</a>
      </Button>
    </Page>
  );
}
