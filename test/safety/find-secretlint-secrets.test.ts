import { describe, expect, it } from "vitest";
import { findSecretlintSecrets } from "../../src/safety/find-secretlint-secrets.ts";
import { redactText } from "../../src/safety/redact-text.ts";
import { fake } from "./fake-secrets.ts";
import { fill, SECRET_CORPUS } from "./secret-corpus.ts";

/** Where each secret of an entry sits in its filled text. */
function secretRanges(template: string, values: string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let text = "";
  let at = 0;
  for (const m of template.matchAll(/\{(\d)\}/g)) {
    text += template.slice(at, m.index);
    const value = values[Number(m[1])] ?? "";
    ranges.push([text.length, text.length + value.length]);
    text += value;
    at = m.index + m[0].length;
  }
  return ranges;
}

describe("secretlint's findings", () => {
  it("map to spans inside the corpus's secrets, for most of them", async () => {
    let found = 0;
    for (const entry of SECRET_CORPUS) {
      const text = fill(entry, (_, v) => v);
      const ranges = secretRanges(
        entry.template,
        entry.secrets.map(([, v]) => v),
      );
      const spans = await findSecretlintSecrets(text);
      for (const span of spans) {
        const inside = ranges.findIndex(([a, b]) => span.start >= a && span.end <= b);
        expect(inside, `${entry.name}: ${span.kind} at ${span.start}-${span.end}`).not.toBe(-1);
      }
      found += new Set(spans.map((s) => ranges.findIndex(([a, b]) => s.start >= a && s.end <= b)))
        .size;
    }
    // The preset does not know every format (JWTs, assignments, headers, some
    // providers); what it knows, it must find.
    expect(found).toBeGreaterThanOrEqual(20);
  });

  it("mask only the password of a URL, even where the rule reports the whole URL", async () => {
    const text = "mongodb://admin:Zq81mXr2Lw77@cluster0.acme-corp.net/shop";
    const spans = await findSecretlintSecrets(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["Zq81mXr2Lw77"]);
    expect(spans[0]?.kind).toBe("connection-string-password");
  });

  it("cannot be switched off by a secretlint-disable comment in the text", async () => {
    const token = fake.githubClassic("disable");
    const result = await redactText(`// secretlint-disable\nconst t = "${token}";`, { env: {} });
    expect(result.text).toBe('// secretlint-disable\nconst t = "[REDACTED:github-token]";');
  });
});

describe("a secretlint-disable comment in what is redacted", () => {
  it("does not switch secretlint off for the secrets after it", async () => {
    for (const entry of SECRET_CORPUS) {
      const text = fill(entry, (_, v) => v);
      const found = await findSecretlintSecrets(text);
      if (found.length === 0) continue;
      for (const comment of ["// secretlint-disable\n", "# secretlint-disable-next-line\n"]) {
        const spans = await findSecretlintSecrets(`${comment}${text}`);
        expect(spans.length, `${entry.name} after ${comment.trim()}`).toBe(found.length);
      }
    }
  });
});
