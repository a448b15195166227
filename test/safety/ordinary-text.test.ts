import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { redactText, redactTextFast } from "../../src/safety/redact-text.ts";
import { randomChars } from "../support/secret-kinds-corpus.ts";

/**
 * Ordinary text must come out of redaction unchanged: code with hashes, UUIDs, base64 test
 * vectors, integrity strings, git SHAs, lockfiles, the project's own source, other people's
 * code, and real sessions of other people's agents. Nothing here is a secret, so every
 * mask is a false positive.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const REAL_SESSIONS = resolve(ROOT, "../shared/real-sessions");
const noEnv = { env: {} };
const HEX = "0123456789abcdef";

function filesUnder(dir: string, name: RegExp, skip?: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (skip?.test(path)) continue;
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, name, skip));
    else if (name.test(entry)) out.push(path);
  }
  return out.sort();
}

/** Each mask redaction added, with some context, for a message that says what was masked. */
function findings(text: string, masked: { text: string; count: number }): string[] {
  if (masked.count === 0) return [];
  return [...masked.text.matchAll(/.{0,60}\[REDACTED:[^\]]+\].{0,20}/g)]
    .map((m) => m[0])
    .filter((f) => !text.includes(f));
}

function generated(): string {
  const lines: string[] = [];
  const bytes = (label: string, n: number) => Buffer.from(randomChars(label, HEX, n * 2), "hex");
  for (let i = 0; i < 400; i++) {
    const sha1 = createHash("sha1").update(`commit ${i}`).digest("hex");
    const sha256 = createHash("sha256").update(`file ${i}`).digest("hex");
    const data = bytes(`vector-${i}`, 1 + (i % 96));
    lines.push(
      `commit ${sha1}`,
      `Merge: ${sha1.slice(0, 7)} ${createHash("sha1").update(`p${i}`).digest("hex").slice(0, 7)}`,
      `  const id = "${randomUUID()}"; // request ${i}`,
      `  expect(sha256(input${i})).toBe("${sha256}");`,
      `  expect(toBase64(bytes${i})).toBe("${data.toString("base64")}");`,
      `  expect(toBase64Url(bytes${i})).toBe("${data.toString("base64url")}");`,
      `  assert.equal(hex(buf), "${data.toString("hex")}");`,
      `<script src="/assets/app.${sha256.slice(0, 8)}.js" integrity="sha384-${createHash("sha384").update(`s${i}`).digest("base64")}" crossorigin="anonymous"></script>`,
      `    "integrity": "sha512-${createHash("sha512").update(`pkg${i}`).digest("base64")}",`,
      `    "resolved": "https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz",`,
      `image: ghcr.io/acme/api-${i}@sha256:${sha256}`,
      `${sha1}\trefs/heads/feature/task-${i}`,
      `etag: W/"${sha256.slice(0, 40)}"`,
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${bytes(`ed-${i}`, 24).toString("base64")} dev${i}@laptop`,
      `${new Date(1_700_000_000_000 + i * 3_600_000).toISOString()} INFO request_id=${randomUUID()} took ${i}ms`,
      `  "sessionId": "${randomUUID()}", "tool_use_id": "toolu_01${randomChars(`tu-${i}`, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 22)}",`,
      `src/components/Widget${i}.tsx:${i + 1}:${(i % 80) + 1} - error TS2322: Type 'string' is not assignable to type 'number'.`,
    );
  }
  return lines.join("\n");
}

describe("the ordinary corpus", () => {
  it("generated code, hashes, UUIDs, base64 vectors, integrity strings and SHAs: no mask", async () => {
    const text = generated();
    expect(text.split("\n").length).toBeGreaterThanOrEqual(6800);
    expect(findings(text, redactTextFast(text, noEnv))).toEqual([]);
    expect(findings(text, await redactText(text, noEnv))).toEqual([]);
  });

  // The project's own code and documentation, and other people's code from node_modules;
  // test files are left out, since they hold secrets on purpose.
  const sources = [
    ...filesUnder(join(ROOT, "src"), /\.ts$/),
    ...filesUnder(join(ROOT, "bench"), /\.ts$/),
    join(ROOT, "README.md"),
    join(ROOT, "package-lock.json"),
    ...filesUnder(join(ROOT, "node_modules/typescript/lib"), /\.d\.ts$/),
    ...filesUnder(join(ROOT, "node_modules/yaml/dist"), /\.js$/),
    ...filesUnder(join(ROOT, "node_modules/zod/v4"), /\.(?:ts|js)$/, /tests?\b/),
  ];

  it("the project's source and other people's code: no mask", () => {
    let lines = 0;
    const found: string[] = [];
    for (const path of sources) {
      const text = readFileSync(path, "utf8");
      lines += text.split("\n").length;
      for (const f of findings(text, redactTextFast(text, noEnv))) found.push(`${path}: ${f}`);
    }
    expect(lines).toBeGreaterThanOrEqual(25_000);
    expect(found).toEqual([]);
  });

  const sessions = filesUnder(REAL_SESSIONS, /\.jsonl$/);
  it.skipIf(sessions.length === 0)(
    "real sessions of other people's agents: no mask (skipped without ../shared/real-sessions)",
    () => {
      const found: string[] = [];
      for (const path of sessions) {
        const text = readFileSync(path, "utf8");
        for (const f of findings(text, redactTextFast(text, noEnv))) found.push(`${path}: ${f}`);
      }
      expect(sessions.length).toBeGreaterThan(10);
      expect(found).toEqual([]);
    },
  );
});
