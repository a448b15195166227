import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Where a program named without a folder runs from, as the shell finds it (PATHEXT on Windows). */
export async function findOnPath(
  binary: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | null> {
  const windows = process.platform === "win32";
  const extensions = windows ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    for (const extension of extensions) {
      const candidate = join(dir, binary + extension);
      try {
        await access(candidate, windows ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}
