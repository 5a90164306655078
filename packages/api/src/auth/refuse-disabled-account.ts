import { AppError } from "@connections/core";

/**
 * Sign-in refuses a disabled account whatever password was given, so the answer does not tell
 * whether it was right.
 */
export function refuseDisabledAccount(user: { disabledAt: Date | null } | null): void {
  if (user?.disabledAt) throw new AppError("UNAUTHENTICATED", "This account is disabled: ask an administrator to enable it");
}
