import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../cli/run-baton.ts";
import { inProse, SECRET_SAMPLES } from "../support/secret-kinds-corpus.ts";
import { makeTempDir, makeTempRepo, type TempRepo } from "../support/temp-repo.ts";

/**
 * The same secrets, written the way they turn up in a session (bare in prose, in a log line,
 * as `key: value`), through every way baton has out: the document and the continuation
 * prompt, the session-state file, hook output, and what `read`, `sessions` and `--json`
 * print. None may leave, whole or in part.
 */
const pem = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
  "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
  "-----END RSA PRIVATE KEY-----",
].join("\n");

const SECRETS: readonly (readonly [kind: string, secret: string, context: string])[] = [
  [
    "github token",
    "ghp_R8mQ2vX9kL4nT7pW1sY6zB3cD5fH0jA2eG4i",
    "the token {} showed up in the deploy log",
  ],
  ["aws access key", "AKIAZ7QW3ERT5YUI9OPL", "export AWS_ACCESS_KEY_ID={}"],
  [
    "slack token",
    "xoxb-2048571634-5829163740-Qa7Wz3Ex9Rc5Tv1Yb8Un2Mk6",
    "slack said {} was revoked",
  ],
  ["stripe key", "sk_live_51Hx8Q2eZvKYlo2Cq7Wm3Nn9Rt", "charged with {} by mistake"],
  [
    "jwt",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.Qm9zZ2Fo7nX3kLp2vR8sT1uW4yZ6aC9dE0fG5hJ",
    "curl -H 'Authorization: Bearer {}'",
  ],
  ["password assignment", "Tr0ub4dor-3xQz9Lm", "password: {}"],
  ["api key assignment", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "api_key: {}"],
  ["database url", "S3cr3tPassw0rdQ7", "DATABASE_URL=postgres://admin:{}@db.internal:5432/app"],
  ["private key", pem, "the key file held\n{}\nand nothing else"],
];

/** The whole corpus (one sample per kind baton knows), as a transcript's messages write them. */
const CORPUS = SECRET_SAMPLES.map((s) => ({
  kind: s.kind,
  secret: s.secret,
  text: inProse(s.sample, s.ownLine),
}));

/** Pieces of a secret that would give it away if printed: its middle and its end. */
function pieces(secret: string): string[] {
  const body = secret.includes("PRIVATE KEY") ? (secret.split("\n")[1] ?? secret) : secret;
  return [body.slice(4, 16), body.slice(-10)];
}

const SESSION_ID = "5ec7e7a1-0b1e-4c2a-9d3f-1a2b3c4d5e6f";
let repo: TempRepo;
let home: string;
const outputs: Record<string, string> = {};

function transcript(cwd: string): string {
  const prose = SECRETS.map(([, secret, where]) => where.replace("{}", secret)).join("\n");
  const at = (s: number) => `2026-12-01T10:00:${String(s).padStart(2, "0")}.000Z`;
  const base = {
    isSidechain: false,
    cwd,
    sessionId: SESSION_ID,
    version: "2.1.197",
    gitBranch: "feat/keys",
    userType: "external",
  };
  const records: Record<string, unknown>[] = [
    {
      ...base,
      type: "user",
      uuid: "u1",
      parentUuid: null,
      timestamp: at(1),
      message: { role: "user", content: `Rotate the leaked credentials.\n${prose}` },
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
          { type: "text", text: `I found these in the logs:\n${prose}\nNext I will rotate them.` },
        ],
      },
    },
  ];
  // The corpus in a chain of messages short enough for read to show each one whole.
  for (let i = 0; i < CORPUS.length; i += 12) {
    const text = CORPUS.slice(i, i + 12)
      .map((c) => c.text)
      .join("\n");
    const n = records.length;
    records.push({
      ...base,
      type: "assistant",
      uuid: `c${n}`,
      parentUuid: n === 2 ? "a1" : `c${n - 1}`,
      timestamp: at(3),
      message: {
        id: `m${n}`,
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "text", text }],
      },
    });
  }
  return `${records.map((record) => JSON.stringify(record)).join("\n")}\n`;
}

async function baton(args: string[], stdin?: string) {
  const run = await runInProcess(args, {
    cwd: repo.dir,
    stdin,
    env: {
      HOME: home,
      CLAUDE_CONFIG_DIR: join(home, ".claude"),
      CODEX_HOME: join(home, ".codex"),
      XDG_DATA_HOME: join(home, ".local/share"),
      XDG_STATE_HOME: join(home, ".local/state"),
      CLAUDE_CODE_SESSION_ID: SESSION_ID,
    },
  });
  return `${run.stdout}\n${run.stderr}`;
}

beforeAll(async () => {
  repo = makeTempRepo({ branch: "feat/keys" });
  home = makeTempDir("baton-secrets-home-");
  const project = join(home, ".claude/projects", repo.dir.replace(/[^a-zA-Z0-9]/g, "-"));
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, `${SESSION_ID}.jsonl`), transcript(repo.dir));

  outputs.read = await baton(["read", SESSION_ID, "--last", "100"]);
  outputs["read --json"] = await baton(["read", SESSION_ID, "--json", "--last", "100"]);
  outputs["read --grep"] = await baton(["read", SESSION_ID, "--grep", "logs"]);
  outputs.sessions = await baton(["sessions"]);
  outputs["sessions --all"] = await baton(["sessions", "--all"]);
  outputs["sessions --json"] = await baton(["sessions", "--json"]);
  outputs["save (session-state file)"] = await baton(["save", "claude-code", "--json"]);
  outputs["save (session-state file)"] += readFileSync(
    join(repo.dir, ".claude/.session-state.json"),
    "utf8",
  );
  const created = await baton(["create", "--from", "claude-code", "--latest", "--json"]);
  const path = (
    JSON.parse(created.split("\n\n")[0] ?? created.slice(0, created.lastIndexOf("}") + 1)) as {
      path: string;
    }
  ).path;
  outputs["create --from (document)"] = created + readFileSync(path, "utf8");
  outputs["show --prompt"] = await baton(["show", "--prompt"]);
  outputs["show --format json"] = await baton(["show", "--format", "json"]);
  outputs.restore = await baton(["restore", "claude-code"]);
  outputs["hook SessionStart (additionalContext)"] = await baton(
    ["hook", "claude-code", "SessionStart"],
    JSON.stringify({
      session_id: "next-session",
      cwd: repo.dir,
      source: "startup",
      hook_event_name: "SessionStart",
    }),
  );
  const prose = SECRETS.map(([, secret, where]) => where.replace("{}", secret)).join("\n");
  outputs["create --stdin"] = await baton(
    ["create", "--stdin", "--topic", "stdin"],
    JSON.stringify({ goal: prose, next_steps: [prose] }),
  );
  outputs["create --goal"] = await baton(["create", "--goal", prose, "--topic", "goal"]);
  outputs.resume = await baton(["resume", "--session", "reader"]);
}, 120_000);

afterAll(() => {
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe.each([
  ...SECRETS.map(([kind, secret]) => [kind, secret] as const),
  ...CORPUS.map((c) => [`${c.kind} (corpus)`, c.secret] as const),
])("a %s", (_kind, secret) => {
  it.each(Object.keys({ ...EXPECTED_WAYS }))("never leaves through %s", (way) => {
    const output = outputs[way];
    expect(output, `${way} produced no output`).toBeTruthy();
    for (const piece of pieces(secret)) expect(output).not.toContain(piece);
  });
});

describe("read, which shows every message whole", () => {
  it.each(["read", "read --json"])("%s masks each kind of the corpus as its own kind", (way) => {
    const output = outputs[way] ?? "";
    const missing = [...new Set(CORPUS.map((c) => c.kind))].filter(
      (kind) => !output.includes(`[REDACTED:${kind}]`),
    );
    expect(missing).toEqual([]);
  });
});

const EXPECTED_WAYS = {
  read: 1,
  "read --json": 1,
  "read --grep": 1,
  sessions: 1,
  "sessions --all": 1,
  "sessions --json": 1,
  "save (session-state file)": 1,
  "create --from (document)": 1,
  "show --prompt": 1,
  "show --format json": 1,
  restore: 1,
  "hook SessionStart (additionalContext)": 1,
  "create --stdin": 1,
  "create --goal": 1,
  resume: 1,
};
