/** The dotted path of every leaf of the form's values (a list's rows by index): the fields a server error can be put on. */
export function fieldPaths(values: object, prefix = ""): Set<string> {
  const paths = new Set<string>();
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === "object" && value !== null) {
      for (const path of fieldPaths(value as object, `${prefix}${key}.`)) paths.add(path);
    } else {
      paths.add(prefix + key);
    }
  }
  return paths;
}
