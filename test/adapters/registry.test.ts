import { describe, expect, it } from "vitest";
import {
  AGENT_ADAPTER_CONTRACT,
  checkAdapter,
  defineAdapter,
} from "../../src/adapters/agent-adapter.ts";
import { AGENT_ADAPTERS, findAdapter } from "../../src/adapters/registry.ts";
import { claudeCodeAgent } from "../../src/agents/claude-code/claude-code-agent.ts";

describe("the adapter registry", () => {
  it("holds a complete adapter of the current contract for every agent", async () => {
    expect(AGENT_ADAPTERS.map((adapter) => adapter.id)).toEqual([
      "claude-code",
      "codex",
      "opencode",
      "copilot",
      "gemini-cli",
      "qwen-code",
      "pi",
      "kilo",
      "continue",
      "nanocoder",
      "cline",
    ]);
    for (const adapter of AGENT_ADAPTERS) {
      expect(() => checkAdapter(adapter)).not.toThrow();
      if (adapter.loadReader !== null) {
        const reader = await adapter.loadReader();
        expect(reader.agent).toBe(adapter.id);
        expect(reader.displayName).toBe(adapter.displayName);
      }
      if (adapter.loadIntegration !== null) {
        const integration = await adapter.loadIntegration();
        expect(integration.scopes.length).toBeGreaterThan(0);
        expect(integration.injects.length).toBeGreaterThan(0);
      }
    }
  });

  it("keeps seed 001's session-state paths and names", () => {
    const paths = Object.fromEntries(
      AGENT_ADAPTERS.filter((a) => a.sessionStatePath !== null).map((a) => [
        a.id,
        a.sessionStatePath,
      ]),
    );
    expect(paths).toEqual({
      "claude-code": ".claude/.session-state.json",
      opencode: ".opencode/.session-state.json",
      copilot: ".github/copilot-session-state.json",
    });
    expect(findAdapter("claude", "sessionStatePath", "with state").id).toBe("claude-code");
    expect(findAdapter("github-copilot", "sessionStatePath", "with state").id).toBe("copilot");
  });

  it("refuses an adapter of another contract, or with a part left undeclared", () => {
    expect(() => checkAdapter({ ...defineAdapter(claudeCodeAgent), contract: 2 })).toThrow(
      `agent adapter claude-code is written for contract 2; this baton speaks ${AGENT_ADAPTER_CONTRACT}`,
    );
    const { launch: _launch, ...partial } = claudeCodeAgent;
    expect(() => defineAdapter(partial as typeof claudeCodeAgent)).toThrow(
      "agent adapter claude-code leaves launch undeclared (say null for a part it lacks)",
    );
  });
});
