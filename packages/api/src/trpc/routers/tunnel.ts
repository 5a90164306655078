import { acceptHostKeyInputSchema, acceptHostKeyResultSchema, listTunnelsInputSchema, tunnelListSchema } from "@connections/core";
import { acceptHostKey } from "../../tunnels/accept-host-key.ts";
import { listTunnels } from "../../tunnels/list-tunnels.ts";
import { checkedOutput } from "../checked-output.ts";
import { protectedProcedure, router } from "../init.ts";

/** The health of a project's tunnels, and accepting a server's new host key (SPEC §12). */
export const tunnelRouter = router({
  list: protectedProcedure
    .input(listTunnelsInputSchema)
    .output(checkedOutput(tunnelListSchema))
    .query(({ ctx, input }) => listTunnels(ctx.services, ctx.principal, input)),
  acceptHostKey: protectedProcedure
    .input(acceptHostKeyInputSchema)
    .output(checkedOutput(acceptHostKeyResultSchema))
    .mutation(({ ctx, input }) => acceptHostKey(ctx.services, ctx.principal, input)),
});
