import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENRICH_MARKER } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

let repo: TempRepo;
let mine: string;
let others: string;

beforeEach(() => {
  repo = makeTempRepo({ branch: "feat/refresh" });
  mine = makeTempDir("baton-me-");
  others = makeTempDir("baton-other-");
});
afterEach(() => {
  repo.cleanup();
  for (const dir of [mine, others]) rmSync(dir, { recursive: true, force: true });
});

const me = () => ({ XDG_CONFIG_HOME: mine });

async function baton(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
) {
  return runInProcess(args, { cwd: repo.dir, env: options.env ?? me(), stdin: options.stdin });
}

function read(path: string) {
  const text = readFileSync(join(repo.dir, path), "utf8");
  return { text, handoff: parseDocument(text, { path }) };
}

/** What a compaction hook writes with nothing extracted: git's facts and enrich markers. */
async function compactHandoff(env: Record<string, string> = me()): Promise<string> {
  repo.write("src/refresh.ts", "export const refresh = 1;\n");
  const run = await baton(["create", "--trigger", "compact"], { env });
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

const ENRICHMENT = `## Goal
Make token refresh safe under concurrent requests

## Key Decisions
- Keep JWT — because the mobile clients depend on it

## Failed Approaches
- Retrying on 401 — because two refreshes raced and logged the user out

## Next Steps
1. Add a mutex around refresh
2. Test concurrent requests
`;

describe("baton enrich", () => {
  it("fills the marked sections from stdin as claims, keeping status, facts and a valid signature", async () => {
    const path = await compactHandoff();
    const before = read(path);
    expect(before.text).toContain(ENRICH_MARKER);
    expect(before.handoff.sections.goal).toBeNull();
    expect(checkSignature(before.handoff).state).toBe("signed");

    const run = await baton(["enrich", "--stdin"], { stdin: ENRICHMENT });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(path);
    expect(run.stderr).toContain("enriched");

    const after = read(path);
    const { sections } = after.handoff;
    expect(sections.goal).toEqual({
      text: "Make token refresh safe under concurrent requests",
      provenance: "claimed",
    });
    expect(sections.keyDecisions).toEqual([
      { decision: "Keep JWT", reason: "the mobile clients depend on it", provenance: "claimed" },
    ]);
    expect(sections.failedApproaches?.[0]?.approach).toBe("Retrying on 401");
    expect(sections.nextSteps?.map((s) => s.text)).toEqual([
      "Add a mutex around refresh",
      "Test concurrent requests",
    ]);
    // Not given: still marked for a later pass.
    expect(sections.openQuestions).toBeNull();
    expect(after.text).toContain(ENRICH_MARKER);
    // Git's facts stay verified and untouched; the lifecycle and id are kept.
    expect(sections.modifiedFiles).toEqual(before.handoff.sections.modifiedFiles);
    expect(sections.modifiedFiles?.every((f) => f.provenance === "verified")).toBe(true);
    expect(after.handoff.id).toBe(before.handoff.id);
    expect(after.handoff.status).toBe("open");
    expect(after.handoff.created).toBe(before.handoff.created);
    // Signed again by this machine's key, over the new content.
    const check = checkSignature(after.handoff);
    expect(check.state).toBe("signed");
    expect(after.handoff.signature?.key).toBe(before.handoff.signature?.key);
    expect(after.handoff.signature?.value).not.toBe(before.handoff.signature?.value);
    expect(after.handoff.tokens?.document).toBeGreaterThan(before.handoff.tokens?.document ?? 0);
  });

  it("keeps a claimed handoff claimed and takes --goal/--next by id", async () => {
    const path = await compactHandoff();
    const id = read(path).handoff.id;
    const resumed = await baton(["resume", "--session", "next-session"]);
    expect(resumed.code).toBe(0);
    const run = await baton([
      "enrich",
      id.slice(0, 12),
      "--goal",
      "Ship refresh",
      "--next",
      "Tag it",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ id, filled: ["goal", "nextSteps"], kept: [], signed: true });
    const after = read(path).handoff;
    expect(after.status).toBe("claimed");
    expect(after.claim?.session).toBe("next-session");
    expect(after.sections.goal?.text).toBe("Ship refresh");
    expect(checkSignature(after).state).toBe("signed");
  });

  it("leaves filled sections alone without --replace, replaces claims with it, never verified facts", async () => {
    const path = await compactHandoff();
    expect((await baton(["enrich", "--goal", "First goal"])).code).toBe(0);

    const again = await baton(["enrich", "--goal", "Second goal", "--next", "Write the test"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("kept Goal as they were");
    let h = read(path).handoff;
    expect(h.sections.goal?.text).toBe("First goal");
    expect(h.sections.nextSteps?.map((s) => s.text)).toEqual(["Write the test"]);

    const only = await baton(["enrich", "--goal", "Second goal"]);
    expect(only.code).not.toBe(0);
    expect(only.stderr).toContain("nothing to enrich");
    expect(only.stderr).toContain("Goal already filled");

    const replaced = await baton(["enrich", "--goal", "Second goal", "--replace"]);
    expect(replaced.code).toBe(0);
    h = read(path).handoff;
    expect(h.sections.goal?.text).toBe("Second goal");

    // Modified Files holds git's verified facts: --replace does not overwrite them.
    const files = await baton(["enrich", "--replace", "--stdin"], {
      stdin: "## Modified Files\n- `made-up.ts` (modified)\n",
    });
    const gitFiles = h.sections.modifiedFiles?.map((f) => f.path);
    expect(gitFiles?.length).toBeGreaterThan(0);
    expect(files.code).not.toBe(0);
    expect(files.stderr).toContain("Modified Files already filled");
    expect(read(path).handoff.sections.modifiedFiles?.map((f) => f.path)).toEqual(gitFiles);
    expect(checkSignature(read(path).handoff).state).toBe("signed");
  });

  it("says there is nothing to enrich when no marker is left, and writes nothing", async () => {
    repo.write("a.ts", "1\n");
    const full = `${ENRICHMENT}\n## Current State\n- Half done\n\n## Open Questions\n- None left?\n\n## Todos\n_None._\n\n## Validation\n_None._\n\n## Files to Read\n_None._\n`;
    const created = await baton(["create", "--stdin"], { stdin: full });
    expect(created.code).toBe(0);
    const path = created.stdout.trim();
    const text = readFileSync(join(repo.dir, path), "utf8");
    expect(text).not.toContain(ENRICH_MARKER);
    const run = await baton(["enrich", "--goal", "Other"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("nothing to enrich");
    expect(run.stderr).toContain("holds no enrich markers");
    expect(readFileSync(join(repo.dir, path), "utf8")).toBe(text);
  });

  it("fails on an unknown id, and on no sections given, without writing", async () => {
    const path = await compactHandoff();
    const text = readFileSync(join(repo.dir, path), "utf8");
    const unknown = await baton(["enrich", "no-such-handoff", "--goal", "X"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("no-such-handoff");
    const empty = await baton(["enrich"]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain("no sections given");
    const blank = await baton(["enrich", "--stdin"], { stdin: "just prose, no headings\n" });
    expect(blank.code).not.toBe(0);
    expect(blank.stderr).toContain("no section headings");
    expect(readFileSync(join(repo.dir, path), "utf8")).toBe(text);
  });

  it("refuses a handoff signed by another machine unless --force, and then does not sign it as ours", async () => {
    const path = await compactHandoff({ XDG_CONFIG_HOME: others });
    const theirs = read(path);
    expect(checkSignature(theirs.handoff).state).toBe("signed");

    const refused = await baton(["enrich", "--goal", "Laundered goal"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("signed elsewhere");
    expect(refused.stderr).toContain("--force");
    expect(read(path).text).toBe(theirs.text);

    const forced = await baton(["enrich", "--goal", "Our goal", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("unverified");
    const after = read(path).handoff;
    expect(after.sections.goal?.text).toBe("Our goal");
    // The other machine's signature is kept and no longer matches: never re-signed as ours.
    expect(after.signature?.key).toBe(theirs.handoff.signature?.key);
    expect(checkSignature(after).state).toBe("broken");
  });

  it("redacts a secret in what it is given", async () => {
    const path = await compactHandoff();
    const secret = `ghp_${"a1B2c3D4e5".repeat(3)}abcdef`;
    const run = await baton(["enrich", "--goal", `Rotate ${secret} then ship`]);
    expect(run.code).toBe(0);
    const { text, handoff } = read(path);
    expect(text).not.toContain(secret);
    expect(handoff.sections.goal?.text).toContain("[REDACTED:");
    expect(handoff.redactions).toBeGreaterThan(0);
    expect(checkSignature(handoff).state).toBe("signed");
  });
});
