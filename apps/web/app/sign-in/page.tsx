import { redirect } from "next/navigation";
import { currentUser } from "~/server/session.ts";
import { SignInForm } from "./sign-in-form.tsx";

export const metadata = { title: "Sign in · Connections" };

export default async function SignInPage() {
  if (await currentUser()) redirect("/connections");
  return (
    <main className="narrow">
      <h1>Sign in</h1>
      <SignInForm />
    </main>
  );
}
