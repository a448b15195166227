import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const NODE_MODULES = resolve(import.meta.dirname, "../../../node_modules");

/**
 * Where an agent that is not a devDependency is installed: the path in `envVar`, else the
 * project's `node_modules/.bin/<bin>`, else `/tmp/agents-<folder>/node_modules/.bin/<bin>`
 * (`npm install --prefix /tmp/agents-<folder> <package>`). Undefined when none exists, so
 * the tests that need it skip.
 */
export function findAgentBin(envVar: string, bin: string, folder: string): string | undefined {
  const candidates = [
    process.env[envVar],
    join(NODE_MODULES, ".bin", bin),
    join("/tmp", `agents-${folder}`, "node_modules", ".bin", bin),
  ];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}
