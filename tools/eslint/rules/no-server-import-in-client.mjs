// A "use client" module is bundled for the browser with everything it imports: a server package
// there either breaks the build or, worse, ships server code (and what it closes over) to clients.
import { builtinModules } from "node:module";

const SERVER_PACKAGES = [
  /^@connections\/(api|db|tunnel|drivers|testkit|bench)(\/|$)/,
  /^server-only$/,
  /^node:/,
  /^(ssh2|sshpk|pg|mysql2|better-sqlite3)(\/|$)/,
  /^@prisma\//,
];
const BUILTINS = new Set(builtinModules);

function isServerOnly(source) {
  return BUILTINS.has(source.split("/")[0]) || SERVER_PACKAGES.some((pattern) => pattern.test(source));
}

/** True when the directive prologue (the leading string statements) holds "use client". */
function isClientModule(program) {
  for (const statement of program.body) {
    if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string") return false;
    if (statement.directive === "use client") return true;
  }
  return false;
}

/** @type {import("eslint").Rule.RuleModule} */
export const noServerImportInClient = {
  meta: {
    type: "problem",
    docs: { description: 'Forbid server-only packages and Node built-ins in "use client" modules' },
    schema: [],
    messages: {
      serverImport:
        '"{{source}}" is server-only and must not be imported from a "use client" module; pass the data in as props or call the API.',
    },
  },
  create(context) {
    let client = false;
    const check = (node, source) => {
      if (client && typeof source === "string" && isServerOnly(source))
        context.report({ node, messageId: "serverImport", data: { source } });
    };
    // Type-only declarations are erased from the bundle; `import { type X }` is not (it keeps the import).
    const runtime = (node) => node.importKind !== "type" && node.exportKind !== "type";
    return {
      Program(program) {
        client = isClientModule(program);
      },
      ImportDeclaration(node) {
        if (runtime(node)) check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source && runtime(node)) check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        if (runtime(node)) check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value);
      },
    };
  },
};
