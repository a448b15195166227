import { readFile } from "node:fs/promises";
import { BatonError } from "../core/errors.ts";

/** A file's text, or null when it is not there; any other failure says which file. */
export async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new BatonError("io", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
