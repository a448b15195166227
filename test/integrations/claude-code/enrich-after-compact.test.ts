import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENRICH_MARKER, markedHeadings } from "../../../src/core/enrich-markers.ts";
import { parseDocument } from "../../../src/core/parse-document.ts";
import { renderDocument } from "../../../src/core/render-document.ts";
import type { HookContext } from "../../../src/integrations/claude-code/hook-context.ts";
import { runClaudeHook } from "../../../src/integrations/claude-code/run-claude-hook.ts";
import { enrichRequest } from "../../../src/integrations/enrich-request.ts";
import { redactText } from "../../../src/safety/redact-text.ts";
import { checkSignature } from "../../../src/safety/sign-handoff.ts";
import { testEnv } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";
import { recordedStdin } from "./recorded-stdin.ts";

const FIXTURE = resolve(import.meta.dirname, "../../fixtures/claude-code/2.1.197/fix-off-by-one");
const facts = JSON.parse(readFileSync(join(FIXTURE, "facts.json"), "utf8"));
const fixtureHome = join(FIXTURE, "home");
const paths = () => ({
  sessionId: facts.sessionId,
  transcriptPath: join(FIXTURE, facts.transcript),
  cwd: repo.dir,
});

let repo: TempRepo;
let state: string;

beforeEach(() => {
  repo = makeTempRepo({ branch: facts.branch });
  repo.write("src/math.mjs", "export const add = (a, b) => a + b + 1;\n");
  repo.commit("add");
  repo.write("src/math.mjs", "export const add = (a, b) => a + b;\n");
  state = makeTempDir("baton-state-");
});
afterEach(() => {
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
});

function context(): HookContext {
  return {
    env: {
      XDG_STATE_HOME: state,
      XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
      CLAUDE_CONFIG_DIR: join(fixtureHome, ".claude"),
      HOME: fixtureHome,
    },
    cwd: repo.dir,
    homedir: fixtureHome,
    now: () => new Date(),
    spawnWorker: () => undefined,
  };
}

async function hook(
  event: string,
  stdin: unknown,
  env: HookContext["env"] = context().env,
): Promise<string> {
  let out = "";
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  await runClaudeHook(
    [event],
    { stdin: Readable.from([JSON.stringify(stdin)]), stdout },
    { ...context(), env },
  );
  return out;
}

function injected(out: string): string {
  return JSON.parse(out).hookSpecificOutput.additionalContext as string;
}

function onlyDocument(): { path: string; text: string } {
  const dir = join(repo.dir, "docs/handoffs");
  const [name, ...rest] = readdirSync(dir).filter((file) => file.endsWith(".md"));
  expect(rest).toEqual([]);
  const path = join(dir, name ?? "");
  return { path, text: readFileSync(path, "utf8") };
}

describe("enrichment after compaction (seed 004)", () => {
  it("SessionStart(compact) asks the agent to fill the marked sections with baton enrich, and stops asking once they are", async () => {
    expect(await hook("PreCompact", recordedStdin.preCompact(paths()))).toBe("");
    const before = onlyDocument();
    const marked = markedHeadings(before.text);
    // The extractive pass over this short session leaves some sections to the model.
    expect(marked.length).toBeGreaterThan(0);
    expect(before.text).toContain(`## ${marked[0]}\n\n${ENRICH_MARKER}`);
    const handoff = parseDocument(before.text, { path: before.path });

    const first = injected(await hook("SessionStart", recordedStdin.sessionStartCompact(paths())));
    expect(first.length).toBeLessThanOrEqual(10_000);
    // No baton on the hook's PATH: the request names this node and this baton by absolute path.
    const command = /`([^`]* enrich [^`]* --stdin)`/.exec(first)?.[1] ?? "";
    expect(command).toContain(`${process.execPath} `);
    expect(command.endsWith(`enrich ${handoff.id} --stdin`)).toBe(true);
    const asked = marked.filter(
      (heading) => !["Todos", "Validation", "Modified Files"].includes(heading),
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const heading of asked) expect(first).toContain(`## ${heading}`);
    // The request ends the context, after the prompt, and passes redaction unchanged.
    const ask = enrichRequest(handoff.id, marked, { command: command.split(" enrich ")[0] ?? "" });
    expect(first.endsWith(ask ?? "-")).toBe(true);
    expect((await redactText(first)).text).toBe(first);

    // What the agent runs: that very command in a shell, the marked sections on stdin.
    const stdin = marked
      .map((heading) => `## ${heading}\n- Filled by the agent: ${heading}\n`)
      .join("\n");
    const run = spawnSync("sh", ["-c", command], {
      cwd: repo.dir,
      input: stdin,
      encoding: "utf8",
      env: testEnv({ XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME }),
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`enriched ${handoff.id}`);
    const after = onlyDocument();
    expect(markedHeadings(after.text)).toEqual([]);
    const enriched = parseDocument(after.text, { path: after.path });
    expect(enriched.status).toBe(handoff.status);
    expect(checkSignature(enriched).state).toBe("signed");
    expect(enriched.sections.modifiedFiles).toEqual(handoff.sections.modifiedFiles);

    const second = injected(await hook("SessionStart", recordedStdin.sessionStartCompact(paths())));
    expect(second).not.toContain("baton enrich");
    expect(second).toContain(`Filled by the agent: ${marked.at(-1)}`);
  });

  it("with baton on the agent's PATH, the request says plain baton enrich", async () => {
    const bin = join(state, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "baton"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(bin, "baton"), 0o755);
    const env = { ...context().env, PATH: `${bin}:/usr/bin:/bin` };
    expect(await hook("PreCompact", recordedStdin.preCompact(paths()), env)).toBe("");
    const id = parseDocument(onlyDocument().text).id;
    const first = injected(
      await hook("SessionStart", recordedStdin.sessionStartCompact(paths()), env),
    );
    expect(first).toContain(`run \`baton enrich ${id} --stdin\``);
  });

  it("finds exactly the marked sections of a rendered document, and asks nothing when none is", () => {
    const { path, text } = { path: "x.md", text: "" };
    expect(markedHeadings(text)).toEqual([]);
    expect(enrichRequest("2026-12-06-x", [])).toBeNull();
    // Only the mechanical sections marked: nothing for a model to recall.
    expect(enrichRequest("2026-12-06-x", ["Todos", "Validation"])).toBeNull();
    const doc = renderDocument({
      ...parseDocument(
        `---\nschema: baton/handoff@1\nid: 2026-12-06-x\ncreated: 2026-12-06T00:00:00.000Z\ntrigger: compact\nstatus: open\ntopic: x\nbranch: main\nhead: null\ndirty: null\nsource: {}\nparent: null\nclaim: null\nrestored_at: null\nsuperseded_by: null\ntokens: null\nredactions: 0\n---\n# Handoff: x\n\n## Goal\nShip it\n`,
        { path },
      ),
    });
    const headings = markedHeadings(doc);
    expect(headings).not.toContain("Goal");
    expect(headings).toContain("Next Steps");
    expect(enrichRequest("2026-12-06-x", headings, "tool")).toContain(
      'enrich_handoff tool with id "2026-12-06-x"',
    );
  });
});
