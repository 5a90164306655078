// The packages' import direction, core <- tunnel, db <- drivers <- api <- web, as lint config.
// testkit and bench are test and measurement support: they may import any package, and only tests
// (and bench) may import them.

/** Each package (by folder) and the @connections packages its code may import. */
const LAYERS = {
  "packages/core": [],
  "packages/tunnel": ["core"],
  "packages/db": ["core"],
  "packages/drivers": ["core", "tunnel", "db"],
  "packages/api": ["core", "tunnel", "db", "drivers"],
  "apps/web": ["core", "tunnel", "db", "drivers", "api"],
};
const PACKAGES = ["core", "tunnel", "db", "drivers", "api", "web", "testkit", "bench"];
const DIRECTION = "import direction: core <- tunnel, db <- drivers <- api <- web; testkit only in tests";

function restrictions(folder, allowed) {
  const forbidden = PACKAGES.filter((name) => !allowed.includes(name) && `packages/${name}` !== folder && `apps/${name}` !== folder);
  const may = allowed.length ? `only @connections/{${allowed.join(",")}}` : "no @connections package";
  return [
    "error",
    {
      patterns: [
        { regex: `^@connections/(${forbidden.join("|")})(/|$)`, message: `${folder} may import ${may} (${DIRECTION}).` },
        // The same through a relative path into another package's sources.
        {
          regex: `^(\\.\\./)+((packages|apps)/)?(${forbidden.join("|")})/src(/|$)`,
          message: `${folder} may import ${may} (${DIRECTION}).`,
        },
      ],
    },
  ];
}

/** Flat-config blocks: one per package for its code, one for its tests (which may also use testkit). */
export function importDirection() {
  return Object.entries(LAYERS).flatMap(([folder, allowed]) => [
    {
      name: `connections/import-direction/${folder}`,
      files: [`${folder}/**`],
      rules: { "no-restricted-imports": restrictions(folder, allowed) },
    },
    {
      name: `connections/import-direction/${folder}/test`,
      files: [`${folder}/test/**`],
      rules: { "no-restricted-imports": restrictions(folder, [...allowed, "testkit"]) },
    },
  ]);
}
