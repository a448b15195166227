import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const redactTextUrl = new URL("../../src/safety/redact-text.ts", import.meta.url).href;

/**
 * Runs a fresh Node process that records every module it resolves, so the test sees what
 * the hook path really loads, not what a warmed-up test worker has cached.
 */
function resolvedModules(body: string): { secretlint: string[]; result: unknown } {
  const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
    const safety = await import(${JSON.stringify(redactTextUrl)});
    const result = await (async () => { ${body} })();
    console.log(JSON.stringify({ secretlint: seen.filter((s) => s.includes("@secretlint")), result }));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  return JSON.parse(out);
}

describe("secretlint", () => {
  it("is never loaded on the fast path", () => {
    const { secretlint, result } = resolvedModules(
      'return safety.redactTextFast("key " + ["gh", "p_", "a1B2".repeat(9)].join(""), { env: {} }).text;',
    );
    expect(result).toBe("key [REDACTED:github-token]");
    expect(secretlint).toEqual([]);
  });

  it("is loaded by the full redaction", () => {
    const { secretlint, result } = resolvedModules(
      'return (await safety.redactText("plain text", { env: {} })).count;',
    );
    expect(result).toBe(0);
    expect(secretlint).toEqual(
      expect.arrayContaining(["@secretlint/core", "@secretlint/secretlint-rule-preset-recommend"]),
    );
  });
});
