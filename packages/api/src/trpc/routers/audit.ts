import { auditListSchema, listAuditInputSchema } from "@connections/core";
import { listAudit } from "../../audit/list-audit.ts";
import { checkedOutput } from "../checked-output.ts";
import { protectedProcedure, router } from "../init.ts";

/** The audit log of a project the caller belongs to (SPEC §12). */
export const auditRouter = router({
  list: protectedProcedure
    .input(listAuditInputSchema)
    .output(checkedOutput(auditListSchema))
    .query(({ ctx, input }) => listAudit(ctx.services, ctx.principal, input)),
});
