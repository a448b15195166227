import { join } from "node:path";
import { describeError } from "../../core/errors.ts";
import { isObject } from "../../core/json-object.ts";
import type { InstallRequest } from "../agent-integration.ts";
import { readOptional } from "../read-optional.ts";
import { parseConfigToml, setConfigTable, tomlString, valueAt } from "./edit-config-toml.ts";
import {
  CODEX_MARKER,
  type CodexPlan,
  type CodexTarget,
  codexHome,
  type PlannedFile,
} from "./install-codex.ts";
import { listCodexHookTrust } from "./trust-codex-hooks.ts";

const TRUST_NOTE = `# ${CODEX_MARKER}: baton's hook, trusted by "baton install codex"`;

/**
 * Trusts baton's freshly installed hooks the way Codex records a review: the handler's
 * current hash under `[hooks.state."<key>"] trusted_hash` in the user's config.toml (Codex
 * writes trust to the user config only). Hooks of others are never trusted here.
 */
export async function trustBatonHooks(
  target: CodexTarget,
  request: InstallRequest,
): Promise<{ files: PlannedFile[]; message: string }> {
  const codex = request.env.BATON_CODEX_BIN?.trim() || "codex";
  let hooks: Awaited<ReturnType<typeof listCodexHookTrust>>;
  try {
    hooks = await listCodexHookTrust({
      codex,
      cwd: request.root,
      env: request.env,
      hooksPath: target.hooksPath,
      marker: CODEX_MARKER,
    });
  } catch (error) {
    return {
      files: [],
      message: `Codex runs hooks only once they are trusted, and baton could not ask Codex (${describeError(error)}): start codex and trust baton's hooks when it asks you to review them.`,
    };
  }
  if (hooks.length === 0) {
    // Codex reads a project's .codex/ only once the project is trusted.
    return {
      files: [],
      message: `Codex does not read ${target.hooksPath} yet (the project is not trusted): start codex here and trust the project, then run "baton install codex" again to trust baton's hooks.`,
    };
  }
  const configPath = join(codexHome(request.env, request.homedir), "config.toml");
  const before = await readOptional(configPath);
  let text = before ?? "";
  for (const hook of hooks) {
    text = setConfigTable(
      text,
      ["hooks", "state", hook.key],
      [TRUST_NOTE, `trusted_hash = ${tomlString(hook.hash)}`],
      configPath,
    );
  }
  const plan = await planText(configPath, before, text, request.now);
  const { applyCodexPlan } = await import("./install-codex.ts");
  await applyCodexPlan({ files: [plan], hooks: {}, mcp: null });
  return {
    files: [{ ...plan, reason: `trusts baton's ${hooks.length} hooks` }],
    message: `Codex trusts baton's ${hooks.length} hooks (${configPath}).`,
  };
}

/** The trust entries baton wrote for a hooks.json, taken out of the user's config.toml. */
export async function untrustBatonHooks(
  target: CodexTarget,
  request: InstallRequest,
): Promise<CodexPlan> {
  const configPath = join(codexHome(request.env, request.homedir), "config.toml");
  const before = await readOptional(configPath);
  if (before === null) return { files: [], hooks: {}, mcp: null };
  const state = valueAt(parseConfigToml(before, configPath), ["hooks", "state"]);
  let text = before;
  for (const key of isObject(state) ? Object.keys(state) : []) {
    const ours = before.includes(`[hooks.state.${tomlString(key)}]\n${TRUST_NOTE}`);
    if (key.startsWith(`${target.hooksPath}:`) && ours) {
      text = setConfigTable(text, ["hooks", "state", key], null, configPath);
    }
  }
  if (text === before) return { files: [], hooks: {}, mcp: null };
  return { files: [await planText(configPath, before, text, request.now)], hooks: {}, mcp: null };
}

async function planText(
  path: string,
  before: string | null,
  after: string,
  now: Date,
): Promise<PlannedFile> {
  if (before === null) return { path, action: "create", content: after };
  if (before === after) return { path, action: "unchanged" };
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return { path, action: "update", content: after, backup: `${path}.${stamp}.baton-backup` };
}
