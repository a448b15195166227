import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_TS, NODE_BIN, testEnv } from "../../cli/run-baton.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../../support/temp-repo.ts";

/**
 * `baton mcp` as a client sees it: the real process over stdio, spoken to by the SDK's own
 * client, in a real git repository with a Claude Code transcript (holding secrets) in a
 * fake home.
 */
const SESSION_ID = "5ec7e7a1-0b1e-4c2a-9d3f-1a2b3c4d5e6f";
const GITHUB_TOKEN = "ghp_R8mQ2vX9kL4nT7pW1sY6zB3cD5fH0jA2eG4i";
const AWS_KEY = "AKIAZ7QW3ERT5YUI9OPL";
const SECRET_PIECES = [GITHUB_TOKEN.slice(4, 16), GITHUB_TOKEN.slice(-10), AWS_KEY.slice(4)];

let repo: TempRepo;
let home: string;
let client: Client;
let stderr = "";
const clientErrors: Error[] = [];

function transcript(cwd: string): string {
  const at = (s: number) => `2026-12-01T10:00:${String(s).padStart(2, "0")}.000Z`;
  const base = {
    isSidechain: false,
    cwd,
    sessionId: SESSION_ID,
    version: "2.1.197",
    gitBranch: "feat/keys",
    userType: "external",
  };
  const records = [
    {
      ...base,
      type: "user",
      uuid: "u1",
      parentUuid: null,
      timestamp: at(1),
      message: {
        role: "user",
        content: `Rotate the leaked credentials: the token ${GITHUB_TOKEN} showed up in the deploy log.`,
      },
    },
    {
      ...base,
      type: "assistant",
      uuid: "a1",
      parentUuid: "u1",
      timestamp: at(2),
      message: {
        id: "m1",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [
          {
            type: "text",
            text: `Found export AWS_ACCESS_KEY_ID=${AWS_KEY} in ci.env too. Next I will rotate both.`,
          },
        ],
      },
    },
    {
      ...base,
      type: "user",
      uuid: "u2",
      parentUuid: "a1",
      timestamp: at(3),
      message: { role: "user", content: "Also check the staging bucket policy." },
    },
  ];
  return `${records.map((record) => JSON.stringify(record)).join("\n")}\n`;
}

function serverEnv(): Record<string, string> {
  return testEnv({
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, ".claude"),
    CODEX_HOME: join(home, ".codex"),
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_STATE_HOME: join(home, ".local/state"),
    XDG_CONFIG_HOME: join(home, ".config"),
  });
}

/** The text of a tool's answer, and whether it is a tool error. */
async function call(name: string, args: Record<string, unknown> = {}) {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text?: string }[];
  return { text: content.map((part) => part.text ?? "").join("\n"), isError: !!result.isError };
}

function expectNoSecret(text: string): void {
  for (const piece of SECRET_PIECES) expect(text).not.toContain(piece);
}

beforeAll(async () => {
  repo = makeTempRepo({ branch: "feat/keys" });
  home = makeTempDir("baton-mcp-home-");
  const project = join(home, ".claude/projects", repo.dir.replace(/[^a-zA-Z0-9]/g, "-"));
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, `${SESSION_ID}.jsonl`), transcript(repo.dir));
  repo.write("src/rotate.ts", "export const rotate = () => {};\n");

  const transport = new StdioClientTransport({
    command: NODE_BIN,
    args: [MAIN_TS, "mcp"],
    cwd: repo.dir,
    env: serverEnv(),
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: "baton-test", version: "1.0.0" });
  client.onerror = (error) => clientErrors.push(error);
  await client.connect(transport);
}, 30_000);

afterAll(async () => {
  await client?.close();
  repo?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("baton mcp over stdio", () => {
  it("announces itself and lists its tools, with schemas", async () => {
    expect(client.getServerVersion()?.name).toBe("baton");
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "enrich_handoff",
      "list_handoffs",
      "list_sessions",
      "read_session",
      "request_handoff",
      "resume_handoff",
      "session_handoff",
      "show_handoff",
    ]);
    expect(tools.find((tool) => tool.name === "request_handoff")?.inputSchema.required).toEqual([
      "reason",
    ]);
    const handoff = tools.find((tool) => tool.name === "session_handoff");
    expect(handoff?.inputSchema.required).toEqual(["summary"]);
    // The agents come from the registry, not from the server.
    expect(tools.find((tool) => tool.name === "list_sessions")?.description).toContain(
      "claude-code",
    );
  });

  it("list_sessions: this folder's session, its first prompt masked", async () => {
    const { text, isError } = await call("list_sessions");
    expect(isError).toBe(false);
    const listed = JSON.parse(text) as {
      folder: string;
      sessions: { agent: string; id: string; branch: string | null; firstPrompt: string }[];
    };
    expect(listed.folder).toBe(repo.dir);
    expect(listed.sessions).toHaveLength(1);
    expect(listed.sessions[0]).toMatchObject({ agent: "claude-code", id: SESSION_ID });
    expect(listed.sessions[0]?.firstPrompt).toContain("[REDACTED:github-token");
    expectNoSecret(text);

    const codex = await call("list_sessions", { agent: "codex" });
    expect(JSON.parse(codex.text).sessions).toEqual([]);
  });

  it("read_session: by prefix, the last messages, secrets masked", async () => {
    const { text, isError } = await call("read_session", { session_id: SESSION_ID.slice(0, 8) });
    expect(isError).toBe(false);
    expect(text).toContain(`Claude Code session ${SESSION_ID}`);
    expect(text).toContain("last 3 messages");
    expect(text).toContain("Rotate the leaked credentials");
    expect(text).toContain("staging bucket policy");
    expect(text).toMatch(/\[REDACTED:github-token/);
    expect(text).toMatch(/\[REDACTED:aws-access-key/);
    expectNoSecret(text);
  });

  it("read_session: last and grep, like baton read", async () => {
    const last = await call("read_session", { session_id: SESSION_ID, last: 1 });
    expect(last.text).toContain("last 1 message");
    expect(last.text).toContain("staging bucket policy");
    expect(last.text).not.toContain("Rotate the leaked credentials");

    const grep = await call("read_session", { latest: true, grep: "CI.ENV" });
    expect(grep.text).toContain('matching "CI.ENV"');
    expect(grep.text).toContain("Next I will rotate both");
    expect(grep.text).not.toContain("staging bucket policy");
    expectNoSecret(grep.text);
  });

  it("tool errors are tool errors with a clear message, and the server stays up", async () => {
    const missing = await call("read_session", { session_id: "nope" });
    expect(missing).toEqual({ isError: true, text: "baton: no session with id nope" });
    const neither = await call("read_session", {});
    expect(neither.isError).toBe(true);
    expect(neither.text).toContain("give session_id, or latest=true");
    const badAgent = await call("list_sessions", { agent: "notepad" });
    expect(badAgent.isError).toBe(true);
    expect(badAgent.text).toContain('unknown agent "notepad"');
    const invalid = await call("read_session", { session_id: SESSION_ID, last: "many" });
    expect(invalid.isError).toBe(true);
    expect(invalid.text).toContain("last");
    const none = await call("show_handoff");
    expect(none.isError).toBe(true);
    expect(none.text).toContain("no open handoff");
    // A secret in an argument does not come back in the error either.
    const leaky = await call("read_session", { session_id: GITHUB_TOKEN });
    expect(leaky.isError).toBe(true);
    expectNoSecret(leaky.text);
    const noReason = await call("request_handoff", { reason: "   " });
    expect(noReason.isError).toBe(true);
    expect(noReason.text).toContain("reason");
    const noResume = await call("resume_handoff");
    expect(noResume.isError).toBe(true);
    expect(noResume.text).toContain("no open handoff to resume");
    const badId = await call("resume_handoff", { id: 42 });
    expect(badId.isError).toBe(true);
    expect((await client.listTools()).tools).toHaveLength(8);
  });

  it("session_handoff with preview: the draft's prompt and the review request, nothing written", async () => {
    const folder = join(repo.dir, "docs/handoffs");
    const before = existsSync(folder) ? readdirSync(folder) : [];
    const { text, isError } = await call("session_handoff", {
      summary: "Rotated the GitHub token; the AWS key is still live.",
      next_steps: "Rotate the AWS key",
      session_id: SESSION_ID.slice(0, 8),
      preview: true,
    });
    expect(isError, text).toBe(false);
    expect(text).toMatch(/^Handoff draft \(about \S+\):/);
    expect(text).toContain("Rotate the AWS key");
    expect(text).toContain(SESSION_ID);
    expect(text).toContain('"Write this handoff? Reply yes to write it, or cancel."');
    expectNoSecret(text);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual(before);
  });

  let written = "";
  it("session_handoff: through the pipeline, from the session, prompt and path back", async () => {
    const { text, isError } = await call("session_handoff", {
      summary: "Rotated the GitHub token; the AWS key is still live.",
      goal: "Rotate the leaked credentials",
      next_steps: "Rotate the AWS key",
      key_decisions: ["Revoke before rotating, so the old key stops at once"],
      files: ["src/rotate.ts"],
      session_id: SESSION_ID.slice(0, 8),
    });
    expect(isError, text).toBe(false);
    const [first = ""] = text.split("\n");
    const match = /^Handoff (\S+) written: (docs\/handoffs\/\S+\.md)$/.exec(first);
    expect(match, first).not.toBeNull();
    written = match?.[2] ?? "";
    const document = readFileSync(join(repo.dir, written), "utf8");
    expect(document).toContain("Rotate the leaked credentials");
    expect(document).toContain("the AWS key is still live");
    expect(document).toContain("Revoke before rotating");
    expect(document).toContain("src/rotate.ts");
    expect(document).toContain("feat/keys");
    expectNoSecret(document);
    // The continuation prompt: the sections, the document, and the session it came from.
    expect(text).toContain("Rotate the AWS key");
    expect(text).toContain(written);
    expect(text).toContain(SESSION_ID);
    expectNoSecret(text);
  });

  it("show_handoff: the newest open handoff's prompt, not claimed", async () => {
    const shown = await call("show_handoff");
    expect(shown.isError).toBe(false);
    expect(shown.text).toContain("(open)");
    expect(shown.text).toContain(written);
    expect(shown.text).toContain("Rotate the AWS key");
    const again = await call("show_handoff");
    expect(again.text).toContain("(open)");
    expect(readFileSync(join(repo.dir, written), "utf8")).toMatch(/^status: open$/m);
  });

  it("request_handoff: a handoff-requested result with the reason, nothing written", async () => {
    const before = readFileSync(join(repo.dir, written), "utf8");
    const { text, isError } = await call("request_handoff", {
      reason: `The context is nearly full (token ${GITHUB_TOKEN} seen).`,
    });
    expect(isError).toBe(false);
    const result = JSON.parse(text) as { status: string; reason: string; confirm: string };
    expect(result.status).toBe("handoff-requested");
    expect(result.reason).toContain("The context is nearly full");
    expect(result.confirm).toBe("session_handoff");
    expectNoSecret(text);
    expect(readFileSync(join(repo.dir, written), "utf8")).toBe(before);
    expect(JSON.parse((await call("list_handoffs")).text).handoffs).toHaveLength(1);
  });

  it("list_handoffs: the repository's handoffs as data", async () => {
    const { text, isError } = await call("list_handoffs");
    expect(isError).toBe(false);
    const listed = JSON.parse(text) as {
      dir: string;
      handoffs: { id: string; status: string; branch: string; path: string; goal: string }[];
      errors: unknown[];
    };
    expect(listed.dir).toBe("docs/handoffs");
    expect(listed.errors).toEqual([]);
    expect(listed.handoffs).toHaveLength(1);
    expect(listed.handoffs[0]).toMatchObject({
      status: "open",
      branch: "feat/keys",
      path: written,
      goal: "Rotate the leaked credentials",
    });
  });

  it("resume_handoff: the prompt, and the handoff claimed as baton resume claims it", async () => {
    const { text, isError } = await call("resume_handoff");
    expect(isError, text).toBe(false);
    expect(text).toMatch(/^Handoff \S+ claimed for session mcp-\d+: docs\/handoffs\//);
    expect(text).toContain("Rotate the AWS key");
    const document = readFileSync(join(repo.dir, written), "utf8");
    expect(document).toMatch(/^status: claimed$/m);
    const listed = JSON.parse((await call("list_handoffs")).text) as {
      handoffs: { status: string; claimedBy: string }[];
    };
    expect(listed.handoffs[0]?.status).toBe("claimed");
    expect(listed.handoffs[0]?.claimedBy).toMatch(/^mcp-\d+$/);
    // Claimed: nothing open is left to resume.
    const again = await call("resume_handoff");
    expect(again.isError).toBe(true);
    expect(again.text).toContain("no open handoff");
  });

  it("wrote nothing to stdout but protocol", () => {
    expect(clientErrors).toEqual([]);
    expect(existsSync(join(repo.dir, written))).toBe(true);
    expectNoSecret(stderr);
  });
});

describe("baton mcp, raw", () => {
  it("answers a malformed line with a JSON-RPC parse error and keeps serving; exits 0 at EOF", async () => {
    const lines = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: initializeParams() },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      "this is not json",
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      {
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: "read_session", arguments: { session_id: SESSION_ID, last: 1 } },
      },
    ];
    const input = lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
    const { code, stdout } = await runRaw(`${input}\n`);
    expect(code).toBe(0);
    const replies = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: number | null; error?: { code: number } });
    expect(replies.find((reply) => reply.id === null)?.error?.code).toBe(-32700);
    expect(replies.map((reply) => reply.id).sort()).toEqual([1, 2, 3, null].sort());
    // The tool call in flight at EOF is still answered.
    expect(stdout).toContain("staging bucket policy");
  });
});

function initializeParams() {
  return {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  };
}

function runRaw(input: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BIN, [MAIN_TS, "mcp"], { cwd: repo.dir, env: serverEnv() });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}
