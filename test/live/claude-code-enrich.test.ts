import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markedHeadings } from "../../src/core/enrich-markers.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { runClaudeCode } from "../support/agents/run-claude-code.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { startModelServer } from "../support/model-server/start-model-server.ts";

/**
 * Seed 004's enrichment in the real Claude Code: after `/compact`, the prompt that
 * SessionStart(compact) re-injects asks the agent to fill the handoff's enrich markers; the
 * scripted model runs `baton enrich --stdin` through its Bash tool, and the document then
 * holds those sections as claims, still signed by this machine, its status kept.
 */

/** What the agent writes back: every semantic section; those the capture filled stay. */
const ENRICHMENT = `## Goal
Make the counter module count down as well (enriched goal E4)

## Key Decisions
- Keep the counter in one module — because the tests import it directly (enriched decision E4)

## Failed Approaches
- A generator-based counter — because the tests call it synchronously (enriched failure E4)

## Next Steps
1. Add a countdown test (enriched step E4)

## Open Questions
- Should the counter stop at zero? (enriched question E4)
`;

function handoffFiles(dir: string): string[] {
  const folder = join(dir, "docs/handoffs");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(folder, name));
}

describe("enrichment after compaction in the real Claude Code", { timeout: 240_000 }, () => {
  it("the re-injected prompt asks for enrichment, the agent runs baton enrich --stdin, the handoff holds its claims and still verifies", async () => {
    const home = makeAgentHome({ branch: "feat/counter" });
    // `baton` on PATH, as a global install puts it: the agent's shell runs it.
    const bin = join(home.home, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "baton"),
      `#!/bin/sh\nexec '${process.execPath}' '${BATON_MAIN}' "$@"\n`,
    );
    chmodSync(join(bin, "baton"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}` };
    execFileSync(process.execPath, [BATON_MAIN, "install", "claude-code"], {
      cwd: home.repo.dir,
      env: home.env(env),
      stdio: "ignore",
    });
    home.repo.commit("baton hooks");

    const server = await startModelServer({
      script: [
        callTools({
          name: "Write",
          input: { file_path: join(home.repo.dir, "counter.mjs"), content: "export let n = 0;\n" },
        }),
        reply("Wrote counter.mjs."),
        callTools({
          name: "Bash",
          input: {
            command: `baton enrich --stdin <<'BATON_EOF'\n${ENRICHMENT}BATON_EOF`,
            description: "Fill the handoff's marked sections",
          },
        }),
        reply("Filled the handoff."),
      ],
    });
    try {
      const base = { home, baseUrl: server.url, env };
      const work = await runClaudeCode({ ...base, prompt: "Start a counter module." });
      const compact = await runClaudeCode({ ...base, prompt: "/compact", continue: true });
      const [path, ...others] = handoffFiles(home.repo.dir);
      expect(others).toEqual([]);
      const captured = readFileSync(path as string, "utf8");
      const before = parseDocument(captured);
      // PostCompact may have added Claude's summary since; what is still marked is what is asked.
      const marked = markedHeadings(captured);
      expect(marked.length).toBeGreaterThan(0);

      const after = await runClaudeCode({ ...base, prompt: "Go on.", continue: true });
      server.assertNoFailures();
      for (const run of [work, compact, after]) expect(run.exitCode, run.stderr).toBe(0);

      // The first request after the compaction carried the handoff and the request to enrich it.
      const asked = server.turnRequests().find((request) => request.text.includes("Go on."));
      expect(asked?.text).toContain("Handoff captured by baton just before this compaction");
      expect(asked?.text).toContain(`baton enrich ${before.id} --stdin`);
      // The semantic sections are asked for; what baton reads from git, the agent's todo
      // store and recorded checks is not the model's to recall.
      for (const heading of marked.filter((h) => !["Todos", "Validation"].includes(h))) {
        expect(asked?.text).toContain(`## ${heading}`);
      }
      expect(asked?.text).not.toContain("## Validation,");
      // The Bash call's result came back: baton said what it filled.
      const result = server.turnRequests().at(-1)?.text ?? "";
      expect(result).toContain(`docs/handoffs/${before.id}.md`);

      const text = readFileSync(path as string, "utf8");
      const enriched = parseDocument(text);
      expect(enriched.id).toBe(before.id);
      expect(enriched.status).toBe(before.status);
      expect(enriched.trigger).toBe("compact");
      // Each section that was marked and given now holds the agent's claims.
      const given = new Set([
        "Goal",
        "Key Decisions",
        "Failed Approaches",
        "Next Steps",
        "Open Questions",
      ]);
      const filled = marked.filter((heading) => given.has(heading));
      expect(filled.length).toBeGreaterThan(0);
      const sections = JSON.stringify(enriched.sections);
      for (const heading of filled) expect(markedHeadings(text)).not.toContain(heading);
      expect(sections).toContain("E4");
      for (const [name, value] of Object.entries(enriched.sections)) {
        const was = before.sections[name as keyof typeof before.sections];
        if (was === null && value !== null && JSON.stringify(value).includes("E4")) {
          const items = Array.isArray(value) ? value : [value];
          expect(
            items.every((item) => item.provenance === "claimed"),
            name,
          ).toBe(true);
        }
      }
      // git's facts are untouched, and the document is signed again by this machine.
      expect(enriched.sections.modifiedFiles).toEqual(before.sections.modifiedFiles);
      expect(checkSignature(enriched).state).toBe("signed");
      expect(enriched.signature?.key).toBe(before.signature?.key);
    } finally {
      await server.close();
      home.cleanup();
    }
  });
});
