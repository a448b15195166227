import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { MAIN_TS, NODE_BIN, PROJECT_ROOT, testEnv } from "../../cli/run-baton.ts";

/**
 * A fresh `baton` process that records every module it resolves: the MCP SDK is loaded by
 * `baton mcp` and by nothing else, its help included.
 */
function sdkModules(args: readonly string[]): string[] {
  const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
    process.on("exit", () => process.stderr.write("\\nSEEN " + JSON.stringify(seen.filter((s) => s.includes("@modelcontextprotocol"))) + "\\n"));
    process.argv = [process.argv[0], "baton", ...${JSON.stringify(args)}];
    await import(${JSON.stringify(pathToFileURL(MAIN_TS).href)});
  `;
  const run = spawnSync(NODE_BIN, ["--input-type=module", "-e", script], {
    cwd: PROJECT_ROOT,
    input: "",
    encoding: "utf8",
    env: testEnv({ NODE_NO_WARNINGS: "1" }),
  });
  const line = run.stderr.split("\n").find((l) => l.startsWith("SEEN "));
  if (line === undefined) throw new Error(`no module list: ${run.stderr}`);
  return JSON.parse(line.slice(5)) as string[];
}

describe("the MCP SDK", () => {
  it("is not loaded by other commands, nor by baton mcp --help", () => {
    expect(sdkModules(["--help"])).toEqual([]);
    expect(sdkModules(["list", "--all"])).toEqual([]);
    expect(sdkModules(["mcp", "--help"])).toEqual([]);
  });

  it("is loaded by baton mcp", () => {
    expect(sdkModules(["mcp"])).toEqual(
      expect.arrayContaining(["@modelcontextprotocol/sdk/server/mcp.js"]),
    );
  });
});
