import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markedHeadings } from "../../src/core/enrich-markers.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { makeAgentHome } from "../support/agents/agent-home.ts";
import { callTools, reply } from "../support/model-server/script.ts";
import { startModelServer } from "../support/model-server/start-model-server.ts";
import {
  configureOpenCode,
  routedChat,
  runBaton,
  startOpenCodeServer,
  waitFor,
} from "./opencode-server.ts";

/**
 * Seed 004's enrichment in the real OpenCode 1.18.33 (`opencode serve`, the plugin installed
 * by `baton install opencode --scope user`): after a compaction the continuation prompt
 * asks the model to fill the handoff's marked sections with the plugin's `enrich_handoff`
 * tool; the scripted model calls it, and the handoff holds those sections as its claims,
 * still signed by this machine, its status kept.
 */
const SECTIONS = `## Key Decisions
- Parse tokens with a hand-written scanner — because the grammar is tiny (enriched O7)

## Failed Approaches
- A regex tokenizer — because nested quotes broke it (enriched O7)

## Open Questions
- Should the parser accept trailing commas? (enriched O7)
`;

describe("enrichment after compaction in the real OpenCode", { timeout: 240_000 }, () => {
  it("the re-injected prompt asks for enrich_handoff, the model calls it, the handoff holds its claims and still verifies", async () => {
    const home = makeAgentHome({ branch: "feat/parser" });
    let main: string | undefined;
    const model = await startModelServer({
      scripts: {
        main: [
          reply("Working on the token parser."),
          callTools({ name: "enrich_handoff", input: { sections: SECTIONS } }),
          reply("Filled the handoff."),
        ],
      },
      adapters: [routedChat((id) => (id !== undefined && id === main ? "main" : "other"))],
    });
    let opencode: Awaited<ReturnType<typeof startOpenCodeServer>> | undefined;
    try {
      configureOpenCode(home, model.url);
      const install = await runBaton(home, ["install", "opencode", "--scope", "user"]);
      expect(install.code, install.stderr).toBe(0);
      opencode = await startOpenCodeServer(home);
      const server = opencode;
      main = (await server.call<{ id: string }>("POST", "/session", { title: "Parser" })).id;
      const idle = async () => {
        const status = await server.call<Record<string, { type: string }>>(
          "GET",
          "/session/status",
        );
        return Object.values(status).every((s) => s.type === "idle");
      };
      const turn = async (text: string, left: number) => {
        await server.call("POST", `/session/${main}/prompt_async`, {
          parts: [{ type: "text", text }],
        });
        await waitFor(async () => model.remaining("main") === left && (await idle()), {
          what: `the turn after "${text}"`,
        });
      };
      await turn("Start the token parser (planted goal O7).", 2);
      // A compaction asked for over the API: the plugin captures before it and re-injects after.
      await server.call("POST", `/session/${main}/summarize`, {
        providerID: "baton-test",
        modelID: "scripted-model",
      });
      await waitFor(idle, { what: "the compaction to end" });
      const folder = join(home.repo.dir, "docs", "handoffs");
      const [name, ...others] = readdirSync(folder).filter((file) => file.endsWith(".md"));
      expect(others).toEqual([]);
      const path = join(folder, name as string);
      const captured = readFileSync(path, "utf8");
      const before = parseDocument(captured);
      expect(before.trigger).toBe("compact");
      const marked = markedHeadings(captured);
      for (const heading of ["Key Decisions", "Failed Approaches", "Open Questions"]) {
        expect(marked).toContain(heading);
      }

      await turn("Go on.", 0);
      model.assertNoFailures();
      const requests = model.requests.filter((r) => r.conversation === "main" && r.side === false);
      const asked = requests.find((r) => r.text.includes("Go on."));
      expect(asked?.text).toContain(`enrich_handoff tool with id "${before.id}"`);
      expect(asked?.text).toContain("## Open Questions");
      // The tool's answer came back to the model.
      expect(requests.at(-1)?.text).toContain(`Handoff ${before.id} enriched`);

      const enriched = parseDocument(readFileSync(path, "utf8"));
      expect(enriched.id).toBe(before.id);
      expect(enriched.status).toBe(before.status);
      expect(enriched.sections.keyDecisions).toEqual([
        {
          decision: "Parse tokens with a hand-written scanner",
          reason: "the grammar is tiny (enriched O7)",
          provenance: "claimed",
        },
      ]);
      expect(enriched.sections.failedApproaches?.[0]?.provenance).toBe("claimed");
      expect(enriched.sections.openQuestions?.[0]?.text).toContain("trailing commas");
      expect(enriched.sections.goal).toEqual(before.sections.goal);
      expect(checkSignature(enriched).state).toBe("signed");
      expect(enriched.signature?.key).toBe(before.signature?.key);
    } finally {
      await opencode?.close();
      await model.close();
      home.cleanup();
    }
  });
});
