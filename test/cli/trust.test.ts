import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import type { HookContext } from "../../src/integrations/claude-code/hook-context.ts";
import { runClaudeHook } from "../../src/integrations/claude-code/run-claude-hook.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { runInProcess } from "./run-baton.ts";

let repo: TempRepo;
let mine: string;
let alices: string;
let state: string;

beforeEach(() => {
  repo = makeTempRepo({ branch: "main" });
  mine = makeTempDir("baton-me-");
  alices = makeTempDir("baton-alice-");
  state = makeTempDir("baton-state-");
});
afterEach(() => {
  repo.cleanup();
  for (const dir of [mine, alices, state]) rmSync(dir, { recursive: true, force: true });
});

const me = () => ({ XDG_CONFIG_HOME: mine });
const alice = () => ({ XDG_CONFIG_HOME: alices });

async function baton(env: Record<string, string>, ...args: string[]) {
  return runInProcess(args, { cwd: repo.dir, env });
}

/** The session-start hook of a new Claude Code session on this machine: what it injects. */
async function sessionStart(): Promise<string> {
  let out = "";
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const context: HookContext = {
    env: { ...me(), XDG_STATE_HOME: state, HOME: mine },
    cwd: repo.dir,
    homedir: mine,
    now: () => new Date(),
    spawnWorker: () => undefined,
  };
  const stdin = {
    session_id: "new-session",
    transcript_path: join(mine, "none.jsonl"),
    cwd: repo.dir,
    hook_event_name: "SessionStart",
    source: "startup",
  };
  await runClaudeHook(
    ["SessionStart"],
    { stdin: Readable.from([JSON.stringify(stdin)]), stdout },
    context,
  );
  return out === "" ? "" : JSON.parse(out).hookSpecificOutput.additionalContext;
}

describe("baton trust and the injection gate", () => {
  it("a teammate's handoff: not injected, shown as claims, until her key is trusted; then injected", async () => {
    const created = await baton(
      alice(),
      "create",
      "--goal",
      "Ship the parser",
      "--next",
      "Run the fuzzer",
    );
    expect(created.code, created.stderr).toBe(0);
    const path = join(repo.dir, created.stdout.trim());
    const id = path.split("/").at(-1)?.replace(/\.md$/, "") as string;

    // Not trusted here: one line of notice, nothing of its text; shown, it says who signed it.
    const notice = await sessionStart();
    expect(notice).toMatch(/^baton: an unverified handoff is waiting/);
    expect(notice).toContain(`baton show ${id}`);
    expect(notice).not.toContain("Ship the parser");
    expect(notice.split("\n")).toHaveLength(1);
    const shown = await baton(me(), "show", id, "--format", "json");
    const json = JSON.parse(shown.stdout);
    expect(json.trust).toMatchObject({ trusted: false });
    expect(json.trust.signer).toMatch(/^signed by an unknown key SHA256:/);
    expect(shown.stderr).toContain("signed by an unknown key");
    const provenances = JSON.stringify(json.handoff.sections).match(/"provenance":"\w+"/g) ?? [];
    expect(provenances.length).toBeGreaterThan(0);
    expect(new Set(provenances)).toEqual(new Set(['"provenance":"claimed"']));
    const prompt = await baton(me(), "show", id, "--prompt");
    expect(prompt.stdout).toMatch(/^\[baton: this handoff is not from a signer trusted here/);
    // The document itself is unchanged: showing is not signing.
    expect(parseDocument(readFileSync(path, "utf8")).signature?.key).toBe(json.trust.key);

    // Alice's key, as she prints it, added here: now it is injected, and claimed.
    const hers = await baton(alice(), "trust", "show");
    expect(hers.stdout).toMatch(/^ed25519 [A-Za-z0-9+/]{43}= \S+@\S+\n$/);
    const added = await baton(me(), "trust", "add", hers.stdout.trim(), "--name", "alice");
    expect(added.code, added.stderr).toBe(0);
    const listed = await baton(me(), "trust", "list");
    expect(listed.stdout).toMatch(
      new RegExp(`^trusted +${escapeRegExp(json.trust.key)} {2}your list {2}alice$`, "m"),
    );
    const trustedShow = await baton(me(), "show", id, "--format", "json");
    expect(JSON.parse(trustedShow.stdout).trust.signer).toMatch(
      /^signed by alice \(SHA256:.*\), trusted by your list$/,
    );
    const injected = await sessionStart();
    expect(injected).toContain("Ship the parser");
    expect(injected).toContain("Run the fuzzer");

    // Removed again: back to the notice.
    expect((await baton(me(), "trust", "remove", "alice")).code).toBe(0);
    expect((await baton(me(), "trust", "remove", "alice")).stderr).toMatch(/no key "alice"/);
  });

  it("the repository's list counts only once accepted, and a changed list needs accepting again", async () => {
    const created = await baton(alice(), "create", "--goal", "Team work");
    expect(created.code, created.stderr).toBe(0);
    const line = (await baton(alice(), "trust", "show")).stdout.trim();
    // Alice (or anyone who can commit) lists her own key in the repository.
    expect((await baton(alice(), "trust", "add", "--repo", line)).code).toBe(0);
    const listPath = join(repo.dir, ".baton/trusted-signers");
    expect(readFileSync(listPath, "utf8")).toContain(line);
    let shown = JSON.parse((await baton(me(), "show", "--format", "json")).stdout);
    expect(shown.trust.trusted).toBe(false);
    expect(shown.trust.signer).toMatch(/listed by the repository but not accepted by you/);
    expect((await baton(me(), "trust", "list")).stderr).toMatch(/not accepted as it reads now/);

    expect((await baton(me(), "trust", "accept")).code).toBe(0);
    shown = JSON.parse((await baton(me(), "show", "--format", "json")).stdout);
    expect(shown.trust).toMatchObject({ trusted: true });
    expect(shown.trust.signer).toMatch(/trusted by the repository's list$/);

    // Someone adds a key to the committed list: the whole list is untrusted until accepted.
    appendFileSync(listPath, `ed25519 ${Buffer.alloc(32, 7).toString("base64")} mallory\n`);
    shown = JSON.parse((await baton(me(), "show", "--format", "json")).stdout);
    expect(shown.trust.trusted).toBe(false);
  });

  it("bad keys and bad actions are usage errors that change nothing", async () => {
    const bad = await baton(me(), "trust", "add", "ed25519 not-a-key");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a signer key|not an Ed25519 public key/);
    expect((await baton(me(), "trust", "frobnicate")).code).toBe(2);
    expect((await baton(me(), "trust", "list")).stdout).toMatch(/^no keys yet/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
