import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { leadingLiteral } from "../../src/safety/find-pattern-secrets.ts";
import { redactHandoff } from "../../src/safety/redact-handoff.ts";
import { redactText, redactTextFast } from "../../src/safety/redact-text.ts";
import { FOUND_ELSEWHERE_KINDS } from "../../src/safety/secret-kind.ts";
import { TOKEN_FORMATS, type TokenFormat } from "../../src/safety/token-formats.ts";
import { sampleHandoff } from "../core/sample-handoff.ts";
import {
  EXAMPLE_SAMPLES,
  inAssignments,
  inProse,
  SECRET_SAMPLES,
} from "../support/secret-kinds-corpus.ts";

const noEnv = { env: {} };

/** Every run of 8 characters of the secret that the surrounding text does not hold itself. */
function leftovers(secret: string, masked: string, context: string): string[] {
  const text = masked.replace(/\[REDACTED:[^\]]*\]/g, " ");
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    if (!context.includes(piece) && text.includes(piece)) out.push(piece);
  }
  return out;
}

describe("the table of formats", () => {
  it("anchors every format on a literal of two characters or more, or scans for it whole", () => {
    for (const format of TOKEN_FORMATS as readonly TokenFormat[]) {
      const anchor =
        format.anchor === undefined ? leadingLiteral(format.pattern.source) : format.anchor;
      for (const literal of anchor === null ? [] : typeof anchor === "string" ? [anchor] : anchor) {
        expect(literal.length, format.description).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("names every kind in the characters a mask may hold", () => {
    for (const format of TOKEN_FORMATS) expect(format.kind).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
  });

  it("is listed in the README's table, every kind", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## What is masked"));
    const listed = section.slice(0, section.indexOf("\n## ", 1));
    const kinds = new Set([...TOKEN_FORMATS.map((f) => f.kind), ...FOUND_ELSEWHERE_KINDS]);
    expect([...kinds].filter((kind) => !listed.includes(`\`${kind}\``))).toEqual([]);
  });

  it("reads the leading literal of a pattern", () => {
    expect(leadingLiteral(/xoxb-[0-9]+/.source)).toBe("xoxb-");
    expect(leadingLiteral(/amzn\.mws\.[a-f0-9]{8}/.source)).toBe("amzn.mws.");
    expect(leadingLiteral(/https?:\/\//.source)).toBe("http");
    expect(leadingLiteral(/(?:a|b)c/.source)).toBe("");
  });
});

describe("the secret kinds corpus", () => {
  const kinds = new Set(SECRET_SAMPLES.map((s) => s.kind));

  it("covers at least 200 kinds, drawn from the formats", () => {
    expect(kinds.size).toBeGreaterThanOrEqual(200);
    expect(new Set(SECRET_SAMPLES.map((s) => s.secret)).size).toBe(SECRET_SAMPLES.length);
  });

  for (const redact of [
    { name: "redactText", run: (t: string) => redactText(t, noEnv) },
    { name: "redactTextFast", run: async (t: string) => redactTextFast(t, noEnv) },
  ]) {
    it(`${redact.name} masks 100% of the kinds bare in prose, as their own kind`, async () => {
      const missed: string[] = [];
      for (const { kind, description, sample, secret, ownLine } of SECRET_SAMPLES) {
        const text = inProse(sample, ownLine);
        const { text: out, kinds: found } = await redact.run(text);
        const again = await redact.run(out);
        if (again.count > 0) missed.push(`${kind} (${description}) masked again: ${again.text}`);
        const context = text.replace(secret, "");
        if (leftovers(secret, out, context).length > 0 || out.includes(secret)) {
          missed.push(`${kind} (${description}): ${out}`);
        } else if (!out.includes(`[REDACTED:${kind}]`) || found[kind] === undefined) {
          missed.push(`${kind} (${description}) masked as another kind: ${out}`);
        }
      }
      expect(missed).toEqual([]);
    });
  }

  it("masks every bare token in JSON, YAML, TOML, shell and .env assignments", async () => {
    const missed: string[] = [];
    const tokens = SECRET_SAMPLES.filter(
      (s) => s.sample === s.secret && !/[\s"'\\]/.test(s.sample),
    );
    expect(new Set(tokens.map((s) => s.kind)).size).toBeGreaterThanOrEqual(180);
    for (const { kind, secret } of tokens) {
      for (const text of inAssignments(secret)) {
        const out = (await redactText(text, noEnv)).text;
        const fast = redactTextFast(text, noEnv).text;
        const context = text.replace(secret, "");
        for (const result of [out, fast]) {
          if (
            leftovers(secret, result, context).length > 0 ||
            !result.includes(`[REDACTED:${kind}]`)
          ) {
            missed.push(`${kind}: ${result}`);
          }
        }
      }
    }
    expect(missed).toEqual([]);
  });

  it("masks every kind in a handoff document and counts the masks by kind", async () => {
    const handoff = {
      ...sampleHandoff(),
      redactions: 0,
      redactionKinds: undefined,
      sections: {
        ...sampleHandoff().sections,
        currentState: SECRET_SAMPLES.map((s) => ({
          text: inProse(s.sample, s.ownLine),
          provenance: "claimed" as const,
        })),
      },
    };
    const { handoff: redacted, count } = await redactHandoff(handoff, noEnv);
    const document = renderDocument(redacted);
    // What the document says around the secrets, which may share a piece with one (`https://`),
    // and the kinds' names its frontmatter counts (`rubygems-api-key: 1`).
    const context = SECRET_SAMPLES.map(
      (s) => `${inProse(s.sample.replace(s.secret, " "))} ${s.kind}`,
    ).join("\n");
    const left = SECRET_SAMPLES.filter((s) => leftovers(s.secret, document, context).length > 0);
    expect(left.map((s) => s.kind)).toEqual([]);
    const back = parseDocument(document);
    expect(back.redactions).toBe(count);
    const byKind = back.redactionKinds ?? {};
    expect(SECRET_SAMPLES.filter((s) => !(byKind[s.kind] ?? 0)).map((s) => s.kind)).toEqual([]);
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(count);
  });

  it("leaves the documented examples alone", () => {
    expect(EXAMPLE_SAMPLES.length).toBeGreaterThan(0);
    for (const { value } of EXAMPLE_SAMPLES) {
      const text = inProse(value);
      expect(redactTextFast(text, noEnv).text).toBe(text);
    }
  });
});
