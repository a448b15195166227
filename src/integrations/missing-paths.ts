import { stat } from "node:fs/promises";

/** The paths of `paths` that are not there: what an installed hook or plugin runs must exist. */
export async function missingPaths(paths: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const path of paths) {
    const found = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) missing.push(path);
  }
  return missing;
}
