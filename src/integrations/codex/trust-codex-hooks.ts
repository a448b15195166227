import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { isObject } from "../../core/json-object.ts";

export interface HookTrust {
  /** Codex's positional key: `<hooks.json path>:<event_snake>:<group>:<handler>`. */
  key: string;
  /** The hash Codex computed of the handler as it is now (`sha256:…`). */
  hash: string;
  trusted: boolean;
}

const TIMEOUT_MS = 20_000;

/**
 * The trust state of baton's hooks as Codex itself sees it, asked of `codex app-server`
 * (`hooks/list`, the call the TUI's hook review makes). Codex runs a non-managed hook only
 * when `[hooks.state."<key>"] trusted_hash` in the user's config.toml equals the handler's
 * current hash; Codex's hash is its own, so it is read from Codex rather than recomputed.
 * Rejects when Codex cannot be run or does not answer in time.
 */
export function listCodexHookTrust(options: {
  codex: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  hooksPath: string;
  marker: string;
}): Promise<HookTrust[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.codex, ["app-server"], {
      cwd: options.cwd,
      env: { ...options.env },
      stdio: ["pipe", "pipe", "ignore"],
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(
          `${options.codex} app-server did not answer hooks/list in ${TIMEOUT_MS / 1000} s`,
        ),
      );
    }, TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      child.stdin.end();
      child.kill();
    };
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.codex} app-server exited (${code}) before answering`));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (!isObject(message) || message.id !== 2) return;
      finish();
      if (isObject(message.error)) {
        reject(new Error(`codex app-server: ${String(message.error.message)}`));
        return;
      }
      resolve(batonHooksOf(message.result, options.hooksPath, options.marker));
    });
    const send = (value: unknown) => child.stdin.write(`${JSON.stringify(value)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { clientInfo: { name: "baton", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "hooks/list", params: { cwds: [options.cwd] } });
  });
}

function batonHooksOf(result: unknown, hooksPath: string, marker: string): HookTrust[] {
  const found: HookTrust[] = [];
  const data = isObject(result) && Array.isArray(result.data) ? result.data : [];
  for (const entry of data) {
    const hooks = isObject(entry) && Array.isArray(entry.hooks) ? entry.hooks : [];
    for (const hook of hooks) {
      if (
        isObject(hook) &&
        hook.sourcePath === hooksPath &&
        typeof hook.command === "string" &&
        hook.command.includes(marker) &&
        typeof hook.key === "string" &&
        typeof hook.currentHash === "string" &&
        !found.some((known) => known.key === hook.key)
      ) {
        found.push({
          key: hook.key,
          hash: hook.currentHash,
          trusted: hook.trustStatus === "trusted",
        });
      }
    }
  }
  return found;
}
