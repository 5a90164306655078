import { ScrollText } from "lucide-react";
import { redirect } from "next/navigation";
import { isAppError } from "@connections/core";
import { listAudit, listConnections, listProjects } from "@connections/api";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { Button } from "~/ui/button.tsx";
import { Page, PageHeader } from "~/ui/page.tsx";
import { AuditFilterForm } from "./audit-filter-form.tsx";
import { auditHref, auditInputOf, filtersOf } from "./audit-query.ts";
import { AuditTable } from "./audit-table.tsx";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const ctx = await services();
  const params = await searchParams;
  const projects = await listProjects(ctx, user);
  const filters = filtersOf(params, projects[0]?.id ?? "mine");
  const connections =
    filters.scope === "mine" || !projects.some((p) => p.id === filters.scope)
      ? []
      : (await listConnections(ctx, user, { project_id: filters.scope, limit: 200 })).data;
  const parsed = auditInputOf(filters, typeof params.cursor === "string" ? params.cursor : "");
  let listing: Awaited<ReturnType<typeof listAudit>> | null = null;
  let problem = "problem" in parsed ? parsed.problem : null;
  if ("input" in parsed) {
    try {
      listing = await listAudit(ctx, user, parsed.input);
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = error.code === "NOT_FOUND" ? "That project is not one of yours: choose one from the list" : error.message;
    }
  }
  return (
    <Page width="wide">
      <PageHeader
        title="Audit log"
        description="Every query, test and change, and every sign-in: who, what, where from and how it ended. Statements are kept, their parameters never."
      />
      <AuditFilterForm filters={filters} projects={projects} connections={connections} />
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger">
          {problem}
        </p>
      ) : null}
      {listing && listing.data.length > 0 ? (
        <>
          <AuditTable events={listing.data} names={new Map(connections.map((c) => [c.id, c.name]))} you={user.id} />
          {listing.next_cursor ? (
            <div className="mt-4 flex justify-end">
              <Button asChild>
                <a href={auditHref(filters, listing.next_cursor)}>Older rows</a>
              </Button>
            </div>
          ) : null}
        </>
      ) : listing ? (
        <section className="flex flex-col items-center gap-2 rounded-lg border border-dashed bg-card px-4 py-12 text-center">
          <ScrollText aria-hidden className="size-10 text-muted-foreground" />
          <h2 className="text-lg font-semibold">Nothing recorded here</h2>
          <p className="max-w-md text-sm text-muted-foreground">
            No call matches these filters. Rows are kept for the server&apos;s retention period.
          </p>
        </section>
      ) : null}
    </Page>
  );
}
