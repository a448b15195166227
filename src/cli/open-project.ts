import { openProject as openProjectAt, type Project } from "../summarize/open-project.ts";
import type { CliIo } from "./cli-io.ts";
import { say } from "./output.ts";

/**
 * The project of the folder a command runs in, with `--dir` when given. A folder that
 * resolves outside the repository is refused unless `--allow-outside` or
 * `BATON_ALLOW_OUTSIDE=1` says otherwise; the store's notices (a stale lock broken, a
 * folder outside written to) go to stderr.
 */
export function openProject(
  io: CliIo,
  options: { dir?: string | undefined; "allow-outside"?: boolean | undefined },
): Promise<Project> {
  return openProjectAt({
    cwd: io.cwd,
    env: io.env,
    now: io.now,
    dir: options.dir,
    // Unset, the store reads BATON_ALLOW_OUTSIDE from env.
    allowOutside: options["allow-outside"] || undefined,
    warn: (message) => say(io, `baton: ${message}`),
  });
}
