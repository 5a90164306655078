import { ArrowRight, BookOpen, Cable } from "lucide-react";
import { currentUser } from "~/server/session.ts";
import { Button } from "~/ui/button.tsx";
import { Page } from "~/ui/page.tsx";

export default async function Home() {
  const user = await currentUser();
  return (
    <Page className="sm:py-16">
      <section className="flex flex-col items-start gap-4">
        <Cable aria-hidden className="size-10 text-primary" />
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Connections</h1>
        <p className="max-w-xl text-lg text-muted-foreground">
          Register databases and reach them through SSH bastions: test every stage of the way, query them in a console, and use them from
          Chat or your own code.
        </p>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="primary">
            <a href={user ? "/connections" : "/sign-in"}>
              {user ? "Open Connections" : "Sign in"}
              <ArrowRight aria-hidden />
            </a>
          </Button>
          <Button asChild>
            <a href="/v1/openapi.json">
              <BookOpen aria-hidden />
              API docs (OpenAPI)
            </a>
          </Button>
        </div>
        <p className="text-sm text-muted-foreground">
          The management API is at <code className="font-mono">/v1/connections</code>.
        </p>
      </section>
    </Page>
  );
}
