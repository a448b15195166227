import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENRICH_MARKER } from "../../../src/core/handoff.ts";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { checkSignature } from "../../../src/safety/sign-handoff.ts";
import { MAIN_TS, NODE_BIN, runInProcess, testEnv } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/** `enrich_handoff` as an MCP client calls it: the real `baton mcp` over stdio, real git. */
let repo: TempRepo;
let home: string;
let client: Client;

const config = () => join(home, ".config");
const GITHUB_TOKEN = "ghp_R8mQ2vX9kL4nT7pW1sY6zB3cD5fH0jA2eG4i";

async function call(args: Record<string, unknown>) {
  const result = await client.callTool({ name: "enrich_handoff", arguments: args });
  const content = result.content as { type: string; text?: string }[];
  return { text: content.map((part) => part.text ?? "").join("\n"), isError: !!result.isError };
}

async function compactHandoff(configHome: string): Promise<string> {
  const run = await runInProcess(["create", "--trigger", "compact"], {
    cwd: repo.dir,
    env: { XDG_CONFIG_HOME: configHome },
  });
  expect(run.code, run.stderr).toBe(0);
  return join(repo.dir, run.stdout.trim());
}

const read = (path: string) => parseDocument(readFileSync(path, "utf8"), { path });

beforeAll(async () => {
  repo = makeTempRepo({ branch: "feat/enrich" });
  home = makeTempDir("baton-mcp-enrich-");
  repo.write("src/a.ts", "export const a = 1;\n");
  const transport = new StdioClientTransport({
    command: NODE_BIN,
    args: [MAIN_TS, "mcp"],
    cwd: repo.dir,
    env: testEnv({ HOME: home, XDG_CONFIG_HOME: config(), XDG_STATE_HOME: join(home, "state") }),
    stderr: "pipe",
  });
  client = new Client({ name: "baton-test", version: "1.0.0" });
  await client.connect(transport);
}, 30_000);

afterAll(async () => {
  await client?.close();
  repo?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("enrich_handoff over stdio", () => {
  it("is listed with its schema", async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === "enrich_handoff");
    expect(tool?.inputSchema.required).toEqual(["sections"]);
    expect(tool?.description).toContain("<!-- baton:enrich -->");
  });

  it("fills the newest open handoff's marked sections as claims, re-signed, status kept, secrets masked", async () => {
    const path = await compactHandoff(config());
    const before = read(path);
    expect(before.sections.goal).toBeNull();
    const { text, isError } = await call({
      sections: `## Goal\nRotate the deploy token ${GITHUB_TOKEN}\n\n## Next Steps\n1. Update the CI secret\n2. Redeploy\n`,
    });
    expect(isError, text).toBe(false);
    expect(text).toContain(`Handoff ${before.id} enriched`);
    expect(text).toContain("Filled: Goal, Next Steps.");
    const after = read(path);
    expect(after.sections.goal?.provenance).toBe("claimed");
    expect(after.sections.goal?.text).toContain("[REDACTED:github-token");
    expect(readFileSync(path, "utf8")).not.toContain(GITHUB_TOKEN.slice(4));
    expect(after.sections.nextSteps?.map((s) => s.text)).toEqual([
      "Update the CI secret",
      "Redeploy",
    ]);
    expect(after.sections.openQuestions).toBeNull();
    expect(readFileSync(path, "utf8")).toContain(ENRICH_MARKER);
    expect(after.status).toBe("open");
    expect(after.sections.modifiedFiles).toEqual(before.sections.modifiedFiles);
    expect(checkSignature(after).state).toBe("signed");
    expect(after.signature?.key).toBe(before.signature?.key);

    // Filled already: left alone, and said so as a tool error.
    const again = await call({ id: before.id, sections: "## Goal\nSomething else\n" });
    expect(again.isError).toBe(true);
    expect(again.text).toContain("nothing to enrich");
    expect(read(path).sections.goal?.text).toContain("Rotate the deploy token");
    const replaced = await call({
      id: before.id,
      sections: "## Goal\nSomething else\n",
      replace: true,
    });
    expect(replaced.isError, replaced.text).toBe(false);
    expect(read(path).sections.goal?.text).toBe("Something else");
  });

  it("refuses a handoff signed by another machine, an unknown id and headingless input", async () => {
    const path = await compactHandoff(join(home, "other-machine"));
    const id = read(path).id;
    const text = readFileSync(path, "utf8");
    const foreign = await call({ id, sections: "## Goal\nLaunder this\n" });
    expect(foreign.isError).toBe(true);
    expect(foreign.text).toContain("signed elsewhere");
    expect(readFileSync(path, "utf8")).toBe(text);

    const unknown = await call({ id: "no-such-handoff", sections: "## Goal\nX\n" });
    expect(unknown).toMatchObject({ isError: true });
    expect(unknown.text).toContain("no-such-handoff");
    const prose = await call({ id, sections: "just prose" });
    expect(prose.isError).toBe(true);
    expect(prose.text).toContain("no section headings");
  });
});
