import type { ReactNode } from "react";

/** A titled group of fields, as a card; `level` keeps headings in order (h2 on a page, h3 in a dialog). */
export function FieldSection({ title, level, aside, children }: { title: string; level: 2 | 3; aside?: ReactNode; children: ReactNode }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section className="min-w-0 rounded-xl border bg-card p-4 shadow-xs sm:p-5">
      <Heading className="mb-4 text-base font-semibold">{title}</Heading>
      {/* The same elements around the fields with or without an aside: an aside that comes and goes
          (the tunnel's checklist, hidden in reverse mode) must not remount the fields, which would
          drop their values. */}
      <div className={aside ? "grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,20rem)]" : undefined}>
        <div className="min-w-0 space-y-4">{children}</div>
        {aside}
      </div>
    </section>
  );
}
