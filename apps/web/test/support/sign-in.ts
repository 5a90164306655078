import type { Page } from "playwright-core";
import { createUser } from "@connections/api";
import { services, target, type Tenant } from "./fixtures.ts";

/** A user who belongs to the tenant's project. */
export async function userIn(tenant: Tenant): Promise<{ email: string; password: string }> {
  const email = `user-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const password = "a long browser password";
  await createUser(services(), { email, password, project_id: tenant.projectId });
  return { email, password };
}

export async function signInAs(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${target().baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/connections$/);
}

/** Signs out through the account menu in the top bar. */
export async function signOutFrom(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Account: / }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in$/);
}
