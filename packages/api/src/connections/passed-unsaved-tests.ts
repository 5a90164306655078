import type { ConnectionConfig, ConnectionType, Diagnosis } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { configVersion } from "../sessions/config-version.ts";

/** A passing test of a config not saved yet, and when it ended. */
export interface PassedUnsavedTest {
  diagnosis: Diagnosis;
  at: Date;
}

// The caller and the config's version (secrets included, host key pin left out): another
// caller's test, or the same config with another password or host, never matches.
function keyOf(principal: Principal, type: ConnectionType, config: ConnectionConfig): string {
  return `${principal.kind}:${principal.id}:${configVersion(type, config)}`;
}

/** Remembers a passing test of an unsaved config, so creating exactly that config keeps it as its last test. */
export function rememberPassedTest(
  ctx: ServiceContext,
  principal: Principal,
  type: ConnectionType,
  config: ConnectionConfig,
  diagnosis: Diagnosis,
): void {
  if (!diagnosis.ok) return;
  const cache = ctx.caches.passedUnsavedTests;
  cache.set(keyOf(principal, type, config), { diagnosis, at: new Date() }, cache.mark());
}

/** This caller's remembered passing test of exactly this config, if one is still kept. */
export function passedTestOf(
  ctx: ServiceContext,
  principal: Principal,
  type: ConnectionType,
  config: ConnectionConfig,
): PassedUnsavedTest | undefined {
  return ctx.caches.passedUnsavedTests.get(keyOf(principal, type, config));
}
