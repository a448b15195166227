import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encode } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countTokens, TOKEN_ENCODING } from "../../src/core/count-tokens.ts";
import { renderPrompt } from "../../src/core/render-prompt.ts";
import { authHandoff } from "./prompt-fixtures.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("countTokens", () => {
  it("counts with cl100k_base", () => {
    expect(TOKEN_ENCODING).toBe("cl100k_base");
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    const code = "export function renderPrompt(h: Handoff): string {\n  return h.topic;\n}";
    expect(countTokens(code)).toBe(encode(code).length);
  });

  it("counts special-token spellings as plain text instead of throwing", () => {
    expect(countTokens("<|endoftext|>")).toBe(
      encode("<|endoftext|>", { disallowedSpecial: new Set() }).length,
    );
    expect(countTokens("<|endoftext|>")).toBeGreaterThan(1);
  });

  it("stays within 3% of o200k_base, the encoding of OpenAI's current models", () => {
    const samples = [
      renderPrompt(authHandoff()).text,
      readFileSync(`${ROOT}src/core/handoff.ts`, "utf8"),
      readFileSync(`${ROOT}src/core/render-prompt.ts`, "utf8"),
    ];
    for (const text of samples) {
      const o200k = countO200k(text);
      expect(Math.abs(countTokens(text) - o200k)).toBeLessThanOrEqual(Math.ceil(o200k * 0.03));
    }
  });

  it("loads the tokenizer on the first count, not on import", () => {
    const script = `
      import { createRequire } from "node:module";
      const loaded = () => Object.keys(createRequire(import.meta.url).cache)
        .some((path) => path.includes("bpeRanks"));
      const { countTokens } = await import("./src/core/count-tokens.ts");
      const before = loaded();
      countTokens("hello");
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(JSON.parse(output)).toEqual({ before: false, after: true });
  });
});
