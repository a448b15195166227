import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { AgentHome } from "../support/agents/agent-home.ts";
import {
  OPENCODE_BIN,
  seedOpenCodeDependencies,
  writeOpenCodeConfig,
} from "../support/agents/run-opencode.ts";
import { BATON_MAIN } from "../support/baton-entries.ts";
import type { ApiAdapter } from "../support/model-server/api-adapter.ts";
import { openaiChat } from "../support/model-server/openai-chat.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const BATON = BATON_MAIN;

/** A primary agent whose system prompt the model server can recognise in a request. */
export const REVIEWER_AGENT = "reviewer";
export const REVIEWER_MARKER = "You are the REVIEWER agent of this test.";

export interface OpenCodeServer {
  readonly url: string;
  /** JSON over HTTP; throws on a non-2xx answer with its body. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** What OpenCode printed so far (logs at WARN and above). */
  output(): string;
  close(): Promise<void>;
}

/**
 * The global OpenCode config of `home` pointing at the model server, plus the reviewer
 * agent, and the config folder seeded so OpenCode does not npm-install into it.
 */
export function configureOpenCode(home: AgentHome, baseUrl: string, contextLimit?: number): void {
  const configDir = join(home.home, ".config", "opencode");
  const path = writeOpenCodeConfig(configDir, baseUrl, contextLimit);
  const config = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  config.agent = { [REVIEWER_AGENT]: { mode: "primary", prompt: REVIEWER_MARKER } };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  seedOpenCodeDependencies(configDir);
}

/** Runs the real `baton` CLI in the home's environment (so `--scope user` lands in the temp home). */
export function runBaton(
  home: AgentHome,
  args: readonly string[],
  cwd = home.repo.dir,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(NODE, [BATON, ...args], { cwd, env: home.env() }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

/** `opencode serve` in the home's repository; resolves once it listens. */
export async function startOpenCodeServer(
  home: AgentHome,
  options: { env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number } = {},
): Promise<OpenCodeServer> {
  // `--port 0` means OpenCode's default 4096 in 1.18, which parallel tests would share.
  const port = await freePort();
  const child = spawn(
    OPENCODE_BIN,
    ["serve", "--port", String(port), "--print-logs", "--log-level", "WARN"],
    {
      cwd: home.repo.dir,
      env: home.env({ OPENCODE_DISABLE_DEFAULT_PLUGINS: "1", ...options.env }),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(() => output.includes("listening on"), {
      timeoutMs: options.timeoutMs ?? 60_000,
      what: "opencode serve to listen",
      exited: () => child.exitCode !== null,
    });
  } catch (error) {
    await stop(child);
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    output: () => output,
    call: <T>(method: string, path: string, body?: unknown) => request<T>(port, method, path, body),
    close: () => stop(child),
  };
}

/**
 * One HTTP request on its own connection. OpenCode's server (Bun) closes idle keep-alive
 * connections on its own schedule, and a pooled `fetch` that reuses one as it closes fails
 * with "other side closed".
 */
function request<T>(port: number, method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent: false,
        headers: payload === undefined ? {} : { "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            fail(new Error(`${method} ${path}: HTTP ${status}: ${text}`));
            return;
          }
          done((text === "" ? undefined : JSON.parse(text)) as T);
        });
      },
    );
    req.on("error", (error) => fail(new Error(`${method} ${path}: ${error.message}`)));
    req.end(payload);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 3_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Polls `check` every 25 ms until it holds; fails after the timeout with what it waited for. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; what: string; exited?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (await check()) return;
    if (options.exited?.()) throw new Error(`process exited while waiting for ${options.what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((tick) => setTimeout(tick, 25));
  }
}

/**
 * The Chat Completions adapter with conversations keyed by role instead of by session
 * id: sessions the plugin creates have ids the test cannot know when it writes the
 * scripts. `roleOf` gets the `x-session-id` header and names the script to use.
 */
export function routedChat(roleOf: (sessionId: string | undefined) => string): ApiAdapter {
  return { ...openaiChat, sessionOf: (request) => roleOf(request.headers["x-session-id"]) };
}
