import { cn } from "~/ui/cn.ts";

/** One link per project the user belongs to; the page shows one project's tunnels at a time. */
export function ProjectPicker({ projects, current }: { projects: Array<{ id: string; name: string }>; current: string }) {
  return (
    <nav aria-label="Projects" className="mb-4 flex flex-wrap gap-1">
      {projects.map((project) => (
        <a
          key={project.id}
          href={`/tunnels?project_id=${encodeURIComponent(project.id)}`}
          aria-current={project.id === current ? "page" : undefined}
          className={cn(
            "rounded-md border px-2.5 py-1 text-sm no-underline",
            project.id === current ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
          )}
        >
          {project.name}
        </a>
      ))}
    </nav>
  );
}
