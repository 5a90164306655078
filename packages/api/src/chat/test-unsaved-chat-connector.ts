import type { Diagnosis } from "@connections/core";
import type { StageListener } from "@connections/tunnel";
import { testUnsavedConnection } from "../connections/test-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import type { UnsavedChatConnector } from "./chat-connector-inputs.ts";
import { chatOwnerOf } from "./chat-owner.ts";

/**
 * A chat connector's config tested before it is saved (nothing is stored): the unsaved connection
 * test itself, so the key checks, target policy, throttling and the caller's limits are the same.
 */
export function testUnsavedChatConnector(
  ctx: ServiceContext,
  principal: Principal,
  input: UnsavedChatConnector,
  onStage?: StageListener,
): Promise<Diagnosis> {
  chatOwnerOf(principal);
  return testUnsavedConnection(
    ctx,
    principal,
    input as Parameters<typeof testUnsavedConnection>[2],
    onStage,
    "chat_connector.test_unsaved",
  );
}
