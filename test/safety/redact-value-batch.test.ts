import { describe, expect, it } from "vitest";
import { redactText, redactTextFast } from "../../src/safety/redact-text.ts";
import { redactValue, redactValueFast } from "../../src/safety/redact-value.ts";
import { inAssignments, inProse, SECRET_SAMPLES } from "../support/secret-kinds-corpus.ts";
import { ORDINARY_CORPUS } from "./ordinary-corpus.ts";

/**
 * redactValueFast masks a value's strings in one pass over them joined: string by string,
 * the result must be what each string redacted on its own gives, on every secret kind in
 * every place it is written, on ordinary text, and where a match would run across strings.
 */
const env = { HOME: "/home/someone" };
const alone = (texts: string[]) => texts.map((text) => redactTextFast(text, { env }).text);

describe("redactValueFast over many strings", () => {
  const secrets = SECRET_SAMPLES.flatMap((s) => [
    s.sample,
    inProse(s.sample, s.ownLine),
    ...inAssignments(s.secret),
  ]);
  const ordinary = ORDINARY_CORPUS.map((entry) => entry.text);

  it("gives each string what redacting it alone gives: secrets and ordinary text mixed", () => {
    const texts = secrets.flatMap((text, i) => [
      text,
      ordinary[i % ordinary.length] as string,
      `id-${i}`,
    ]);
    const batch = redactValueFast({ rows: texts }, { env });
    expect(batch.value.rows).toEqual(alone(texts));
    // Each kind's own sample (the first of its eight forms) is masked.
    SECRET_SAMPLES.forEach((sample, k) => {
      expect(batch.value.rows[k * 8 * 3]).not.toContain(sample.secret);
    });
    expect(batch.count).toBeGreaterThanOrEqual(SECRET_SAMPLES.length);
  });

  it("redacts each string alone where a match would run from one into the next", () => {
    const body = Array.from({ length: 6 }, (_, i) =>
      `${"MIIEowIBAAKCAQEA7x".repeat(3)}${i}`.slice(0, 64),
    );
    const pem = ["-----BEGIN RSA PRIVATE KEY-----", ...body, "-----END RSA PRIVATE KEY-----"];
    expect(redactTextFast(pem.join("\n"), { env }).count).toBeGreaterThan(0);
    // The key cut into strings: a match over the joined text would take in the joint.
    const texts = ["before", pem.slice(0, 4).join("\n"), pem.slice(4).join("\n"), "after"];
    expect(redactValueFast(texts, { env }).value).toEqual(alone(texts));
  });

  it("keeps strings that hold the joint's NUL apart", () => {
    const token = SECRET_SAMPLES[0]?.secret ?? "";
    const texts = [`a\n\u0000\n${token}`, "b", `token=${token}`];
    expect(redactValueFast(texts, { env }).value).toEqual(alone(texts));
  });
});

describe("redactValue (secretlint too) over many strings", () => {
  const aloneThorough = async (texts: string[]) =>
    Promise.all(texts.map(async (text) => (await redactText(text, { env })).text));

  it("gives each string what redacting it alone gives: secrets and ordinary text mixed", async () => {
    const ordinary = ORDINARY_CORPUS.map((entry) => entry.text);
    const texts = SECRET_SAMPLES.flatMap((s, i) => [
      inProse(s.sample, s.ownLine),
      ordinary[i % ordinary.length] as string,
    ]);
    const batch = await redactValue({ rows: texts }, { env });
    expect(batch.value.rows).toEqual(await aloneThorough(texts));
    expect(batch.count).toBeGreaterThanOrEqual(SECRET_SAMPLES.length);
  });

  it("redacts each string alone where a match would run from one into the next", async () => {
    const body = Array.from({ length: 6 }, (_, i) =>
      `${"MIIEowIBAAKCAQEA7x".repeat(3)}${i}`.slice(0, 64),
    );
    const pem = ["-----BEGIN RSA PRIVATE KEY-----", ...body, "-----END RSA PRIVATE KEY-----"];
    const texts = ["before", pem.slice(0, 4).join("\n"), pem.slice(4).join("\n"), "after"];
    expect((await redactValue(texts, { env })).value).toEqual(await aloneThorough(texts));
  });
});
