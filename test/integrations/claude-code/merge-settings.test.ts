import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hookCommandLine } from "../../../src/integrations/claude-code/hook-command-line.ts";
import {
  applyPlan,
  batonHooks,
  installTarget,
  planInstall,
  planUninstall,
} from "../../../src/integrations/claude-code/install-claude-code.ts";
import {
  mergeBatonHooks,
  removeBatonHooks,
} from "../../../src/integrations/claude-code/merge-settings.ts";
import { makeTempDir } from "../../support/temp-repo.ts";

const launcher = {
  node: "/opt/node/bin/node",
  entry: "/opt/baton/dist/cli/main.js",
  hookEntry: "/opt/baton/dist/cli/hook-main.js",
};
const hooks = batonHooks(launcher);
const now = new Date("2026-11-21T10:00:00Z");

/** Settings a user already has: someone else's hooks, on events baton uses and others. */
const theirs = {
  model: "claude-opus-4-8",
  permissions: { allow: ["Bash(npm test)"] },
  hooks: {
    PreCompact: [{ matcher: "auto", hooks: [{ type: "command", command: "./save-notes.sh" }] }],
    PostToolUse: [{ matcher: "Edit", hooks: [{ type: "command", command: "prettier --write" }] }],
  },
};

describe("mergeBatonHooks", () => {
  it("adds one group per event and keeps every other setting and hook in place", () => {
    const merged = mergeBatonHooks(theirs, hooks, "settings.json") as typeof theirs & {
      hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string }> }>>;
    };
    expect(merged.model).toBe("claude-opus-4-8");
    expect(merged.permissions).toEqual(theirs.permissions);
    expect(merged.hooks.PostToolUse).toEqual(theirs.hooks.PostToolUse);
    expect(merged.hooks.PreCompact?.[0]).toEqual(theirs.hooks.PreCompact[0]);
    expect(merged.hooks.PreCompact?.[1]?.hooks[0]?.command).toBe(
      hookCommandLine("PreCompact", launcher),
    );
    for (const event of ["SessionStart", "PostCompact", "UserPromptSubmit", "Stop"]) {
      expect(merged.hooks[event]).toEqual([{ hooks: [hooks[event]] }]);
    }
  });

  it("is idempotent: merging twice equals merging once", () => {
    const once = mergeBatonHooks(theirs, hooks, "settings.json");
    expect(mergeBatonHooks(once, hooks, "settings.json")).toEqual(once);
  });

  it("replaces an older install's commands (baton moved) instead of adding a second set", () => {
    const old = mergeBatonHooks(
      theirs,
      batonHooks({ ...launcher, hookEntry: "/old/hook-main.js" }),
      "s",
    );
    const again = mergeBatonHooks(old, hooks, "s");
    expect(again).toEqual(mergeBatonHooks(theirs, hooks, "s"));
    expect(JSON.stringify(again)).not.toContain("/old/hook-main.js");
  });

  it("removes exactly its own handlers, leaving the user's settings as they were", () => {
    expect(removeBatonHooks(mergeBatonHooks(theirs, hooks, "s"), "s")).toEqual(theirs);
    const bare = { theme: "dark" };
    expect(removeBatonHooks(mergeBatonHooks(bare, hooks, "s"), "s")).toEqual(bare);
    // An empty table someone wrote stays.
    expect(removeBatonHooks({ hooks: {} }, "s")).toEqual({ hooks: {} });
  });

  it("keeps a user's handler that shares a group with baton's", () => {
    const shared = {
      hooks: { Stop: [{ hooks: [{ type: "command", command: "say done" }, hooks.Stop] }] },
    };
    expect(removeBatonHooks(shared, "s")).toEqual({
      hooks: { Stop: [{ hooks: [{ type: "command", command: "say done" }] }] },
    });
  });

  it("refuses shapes Claude Code would not accept, naming the file", () => {
    expect(() => mergeBatonHooks([], hooks, "/p/settings.json")).toThrow(
      "/p/settings.json: the settings must be a JSON object",
    );
    expect(() => mergeBatonHooks({ hooks: [] }, hooks, "/p/settings.json")).toThrow(/"hooks"/);
    expect(() => mergeBatonHooks({ hooks: { Stop: {} } }, hooks, "/p/settings.json")).toThrow(
      /"hooks.Stop" must be a list/,
    );
  });
});

describe("install and uninstall on disk", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function target() {
    return installTarget("project", dir, {}, "/nonexistent-home");
  }

  it("writes settings and commands, backs up the old settings first, and a second run changes nothing", async () => {
    dir = makeTempDir();
    const { settingsPath, commandsDir } = target();
    mkdirSync(join(dir, ".claude"));
    const before = `${JSON.stringify(theirs, null, 4)}\n`;
    writeFileSync(settingsPath, before);

    const plan = await planInstall(target(), launcher, now);
    expect(plan.settings.action).toBe("update");
    expect(plan.backupPath).toBe(`${settingsPath}.20261121T100000Z.baton-backup`);
    await applyPlan(plan);

    expect(readFileSync(plan.backupPath as string, "utf8")).toBe(before);
    const written = JSON.parse(readFileSync(settingsPath, "utf8"));
    expect(written).toEqual(mergeBatonHooks(theirs, hooks, settingsPath));
    expect(readdirSync(commandsDir).sort()).toEqual([
      "handoff-list.md",
      "handoff-resume.md",
      "handoff.md",
    ]);
    expect(readFileSync(join(commandsDir, "handoff.md"), "utf8")).toContain(
      "/opt/node/bin/node /opt/baton/dist/cli/main.js create --trigger command --stdin",
    );

    const again = await planInstall(target(), launcher, new Date("2026-11-21T11:00:00Z"));
    expect(again.settings.action).toBe("unchanged");
    expect(again.backupPath).toBeNull();
    expect(again.commands.map((file) => file.action)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
  });

  it("creates the settings when there are none, with no backup", async () => {
    dir = makeTempDir();
    const plan = await planInstall(target(), launcher, now);
    expect(plan.settings.action).toBe("create");
    expect(plan.backupPath).toBeNull();
    await applyPlan(plan);
    expect(JSON.parse(readFileSync(target().settingsPath, "utf8")).hooks.SessionStart).toHaveLength(
      1,
    );
  });

  it("refuses a malformed settings file with the file and the JSON error, changing nothing", async () => {
    dir = makeTempDir();
    const { settingsPath } = target();
    mkdirSync(join(dir, ".claude"));
    writeFileSync(settingsPath, '{ "hooks": { "Stop": [ }');
    const failure = planInstall(target(), launcher, now);
    await expect(failure).rejects.toMatchObject({ code: "parse" });
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^${settingsPath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not valid JSON \\(.+\\)`,
      ),
    );
    expect(readFileSync(settingsPath, "utf8")).toBe('{ "hooks": { "Stop": [ }');
    expect(existsSync(target().commandsDir)).toBe(false);
  });

  it("leaves a command file of the same name that is not baton's, and uninstall removes only baton's", async () => {
    dir = makeTempDir();
    const { commandsDir, settingsPath } = target();
    mkdirSync(commandsDir, { recursive: true });
    writeFileSync(join(commandsDir, "handoff-list.md"), "my own list command\n");
    writeFileSync(settingsPath, JSON.stringify(theirs));
    const plan = await planInstall(target(), launcher, now);
    expect(plan.commands.find((f) => f.path.endsWith("handoff-list.md"))?.action).toBe("skip");
    await applyPlan(plan);
    expect(readFileSync(join(commandsDir, "handoff-list.md"), "utf8")).toBe(
      "my own list command\n",
    );

    await applyPlan(await planUninstall(target(), now));
    expect(readdirSync(commandsDir)).toEqual(["handoff-list.md"]);
    expect(JSON.parse(readFileSync(settingsPath, "utf8"))).toEqual(theirs);
  });

  it("registers baton's MCP server beside the user's, backed up, and uninstall takes out only baton's", async () => {
    dir = makeTempDir();
    const mcpPath = join(dir, ".mcp.json");
    const other = { mcpServers: { other: { command: "other-server", args: [] } }, note: "kept" };
    const before = `${JSON.stringify(other, null, 4)}\n`;
    writeFileSync(mcpPath, before);
    const plan = await planInstall(target(), launcher, now);
    expect(plan.mcp).toMatchObject({ path: mcpPath, action: "update" });
    await applyPlan(plan);
    expect(readFileSync(plan.mcp.backupPath as string, "utf8")).toBe(before);
    const written = JSON.parse(readFileSync(mcpPath, "utf8"));
    expect(written).toEqual({
      ...other,
      mcpServers: {
        ...other.mcpServers,
        baton: { type: "stdio", command: launcher.node, args: [launcher.entry, "mcp"], env: {} },
      },
    });
    expect((await planInstall(target(), launcher, now)).mcp.action).toBe("unchanged");
    await applyPlan(await planUninstall(target(), now));
    expect(JSON.parse(readFileSync(mcpPath, "utf8"))).toEqual(other);
  });

  it("uses settings.local.json for the local scope, $CLAUDE_CONFIG_DIR for the user scope, else ~/.claude", () => {
    expect(installTarget("local", "/repo", {}, "/home/a")).toEqual({
      claudeDir: "/repo/.claude",
      settingsPath: "/repo/.claude/settings.local.json",
      commandsDir: "/repo/.claude/commands",
      // Where `claude mcp add --scope local` puts a server (checked with Claude Code 2.1.197).
      mcp: { path: "/home/a/.claude.json", keys: ["projects", "/repo", "mcpServers"] },
    });
    expect(
      installTarget("user", "/repo", { CLAUDE_CONFIG_DIR: "/cfg" }, "/home/a").settingsPath,
    ).toBe("/cfg/settings.json");
    expect(installTarget("user", "/repo", { CLAUDE_CONFIG_DIR: "/cfg" }, "/home/a").mcp).toEqual({
      path: "/cfg/.claude.json",
      keys: ["mcpServers"],
    });
    expect(installTarget("project", "/repo", {}, "/home/a").mcp).toEqual({
      path: "/repo/.mcp.json",
      keys: ["mcpServers"],
    });
    expect(installTarget("user", "/repo", {}, "/home/a").commandsDir).toBe(
      "/home/a/.claude/commands",
    );
  });
});
