import { openProject as openProjectAt, type Project } from "../summarize/open-project.ts";
import type { CliIo } from "./cli-io.ts";

/** The project of the folder a command runs in, with `--dir` when given. */
export function openProject(io: CliIo, dir: string | undefined): Promise<Project> {
  return openProjectAt({ cwd: io.cwd, env: io.env, now: io.now, dir });
}
