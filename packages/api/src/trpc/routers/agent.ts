import { agentEndpointSchema } from "@connections/core";
import { agentEndpoint } from "../../agents/agent-status.ts";
import { checkedOutput } from "../checked-output.ts";
import { protectedProcedure, router } from "../init.ts";

/** The reverse-tunnel endpoint, as forms show it before a connection is saved. */
export const agentRouter = router({
  endpoint: protectedProcedure.output(checkedOutput(agentEndpointSchema.nullable())).query(({ ctx }) => agentEndpoint(ctx.services)),
});
