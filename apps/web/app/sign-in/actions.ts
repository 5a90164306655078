"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "@connections/core";
import { parseInput, signIn, signInInputSchema } from "@connections/api";
import { requestOrigin } from "~/server/request-origin.ts";
import { services } from "~/server/services.ts";
import { setSessionCookie } from "~/server/session-cookie.ts";

export interface SignInState {
  error: string | null;
  /** Kept so a failed attempt does not make the user type it again (React resets the form). */
  email: string;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    const { token, expiresAt } = await signIn(
      await services(),
      parseInput(signInInputSchema, { email: form.get("email"), password: form.get("password") }),
      requestOrigin(await headers()),
    );
    await setSessionCookie(token, expiresAt);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { email, error: error.code === "VALIDATION_FAILED" ? "Enter your email and password." : error.message };
  }
  redirect("/connections");
}
