import { Cable } from "lucide-react";
import { redirect } from "next/navigation";
import { currentUser } from "~/server/session.ts";
import { Page } from "~/ui/page.tsx";
import { SignInForm } from "./sign-in-form.tsx";

export const metadata = { title: "Sign in · Connections" };

export default async function SignInPage() {
  if (await currentUser()) redirect("/connections");
  return (
    <Page width="narrow" className="sm:py-16">
      <div className="rounded-xl border bg-card p-6 shadow-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <Cable aria-hidden className="size-8 text-primary" />
          <h1 className="text-xl font-semibold">Sign in to Connections</h1>
          <p className="text-sm text-muted-foreground">Your databases, reached safely through SSH bastions.</p>
        </div>
        <SignInForm />
      </div>
    </Page>
  );
}
