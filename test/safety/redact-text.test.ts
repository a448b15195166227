import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactText, redactTextFast } from "../../src/safety/redact-text.ts";
import type { SecretKind } from "../../src/safety/secret-kind.ts";
import { fake } from "./fake-secrets.ts";
import { ORDINARY_CORPUS } from "./ordinary-corpus.ts";
import { fill, SECRET_CORPUS } from "./secret-corpus.ts";

const noEnv = { env: {} };

function expectedKinds(secrets: Array<[SecretKind, string]>): Partial<Record<SecretKind, number>> {
  const kinds: Partial<Record<SecretKind, number>> = {};
  for (const [kind] of secrets) kinds[kind] = (kinds[kind] ?? 0) + 1;
  return kinds;
}

/** Every run of 8 characters of the secret: none may survive, unless the context has it too. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8));
  return out;
}

describe("the secret corpus", () => {
  const total = SECRET_CORPUS.reduce((n, e) => n + e.secrets.length, 0);
  const kinds = new Set(SECRET_CORPUS.flatMap((e) => e.secrets.map(([kind]) => kind)));

  it("holds at least 30 secrets of many kinds", () => {
    expect(total).toBeGreaterThanOrEqual(30);
    expect(kinds.size).toBeGreaterThanOrEqual(20);
  });

  for (const redact of [
    { name: "redactText", run: (t: string) => redactText(t, noEnv) },
    { name: "redactTextFast", run: async (t: string) => redactTextFast(t, noEnv) },
  ]) {
    describe(redact.name, () => {
      for (const entry of SECRET_CORPUS) {
        it(`masks exactly the secrets: ${entry.name}`, async () => {
          const text = fill(entry, (_, value) => value);
          const result = await redact.run(text);
          expect(result.text).toBe(fill(entry, (kind) => `[REDACTED:${kind}]`));
          expect(result.count).toBe(entry.secrets.length);
          expect(result.kinds).toEqual(expectedKinds(entry.secrets));
          for (const [, secret] of entry.secrets) {
            for (const piece of pieces(secret)) {
              if (!entry.template.includes(piece)) expect(result.text).not.toContain(piece);
            }
          }
        });
      }

      it("masks the whole corpus as one text with the right total", async () => {
        const text = SECRET_CORPUS.map((e) => fill(e, (_, v) => v)).join("\n\n");
        const result = await redact.run(text);
        expect(result.count).toBe(total);
        expect(result.text).toBe(
          SECRET_CORPUS.map((e) => fill(e, (kind) => `[REDACTED:${kind}]`)).join("\n\n"),
        );
      });
    });
  }
});

describe("the ordinary corpus", () => {
  for (const entry of ORDINARY_CORPUS) {
    it(`masks nothing: ${entry.name}`, async () => {
      const full = await redactText(entry.text, noEnv);
      expect(full.text).toBe(entry.text);
      expect(full.count).toBe(0);
      expect(full.kinds).toEqual({});
      expect(redactTextFast(entry.text, noEnv).text).toBe(entry.text);
    });
  }
});

describe("masks", () => {
  it("are never masked twice: redacting redacted text changes nothing", async () => {
    const text = SECRET_CORPUS.map((e) => fill(e, (_, v) => v)).join("\n");
    const once = await redactText(text, noEnv);
    const twice = await redactText(once.text, noEnv);
    expect(twice.text).toBe(once.text);
    expect(twice.count).toBe(0);
    expect(redactTextFast(once.text, noEnv).count).toBe(0);
  });

  it("merge overlapping findings into one mask of the most specific kind", () => {
    const token = fake.githubClassic("merge");
    // A token that is at once a URL password, an assignment value and an env value.
    const text = `GH_TOKEN=${token}\ngit clone https://bot:${token}@github.com/acme/app`;
    const result = redactTextFast(text, { env: { GH_TOKEN: token } });
    expect(result.text).toBe(
      "GH_TOKEN=[REDACTED:github-token]\ngit clone https://bot:[REDACTED:github-token]@github.com/acme/app",
    );
    expect(result.kinds).toEqual({ "github-token": 2 });
  });

  it("cover a private key cut off before its END line", () => {
    const truncated = fake.rsaPrivateKey("cut").split("\n").slice(0, 5).join("\n");
    const result = redactTextFast(`log: ${truncated}`, noEnv);
    expect(result.text).toBe("log: [REDACTED:private-key]");
  });

  it("mask only the value inside compact JSON", () => {
    const result = redactTextFast('{"password":"Tr0ub4dor&3","user":"alice"}', noEnv);
    expect(result.text).toBe('{"password":"[REDACTED:secret-assignment]","user":"alice"}');
  });
});

describe("secret assignments", () => {
  const cases: Array<[string, string]> = [
    ["DB_PASSWORD=hunter2hunter2", "DB_PASSWORD=[REDACTED:secret-assignment]"],
    ["export API_TOKEN='a1b2c3d4e5f6'", "export API_TOKEN='[REDACTED:secret-assignment]'"],
    ["  apiSecret: Zq81mXr2Lw", "  apiSecret: [REDACTED:secret-assignment]"],
    [
      'const clientSecret = "Zq81mXr2Lw77";',
      'const clientSecret = "[REDACTED:secret-assignment]";',
    ],
    ["mysql --password=Zq81mXr2Lw db", "mysql --password=[REDACTED:secret-assignment] db"],
    [
      "GET /cb?access_token=Zq81mXr2Lw77&state=1",
      "GET /cb?access_token=[REDACTED:secret-assignment]&state=1",
    ],
    ["PGPASSWORD=Zq81mXr2Lw psql -h db", "PGPASSWORD=[REDACTED:secret-assignment] psql -h db"],
  ];
  for (const [text, expected] of cases) {
    it(`masks the value only: ${text}`, () => {
      expect(redactTextFast(text, noEnv).text).toBe(expected);
    });
  }

  const placeholders = [
    "API_KEY=<your-key>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell placeholder, literally
    "API_KEY=${API_KEY}",
    "TOKEN=$TOKEN",
    "token: process.env.TOKEN",
    'password: "changeme"',
    "SECRET=xxxxxxxx",
    'secret: ""',
    "PASSWORD=***",
    "api_key: {{ api_key }}",
    "password: string",
    "password: newPassword,",
    "token = getToken()",
    "  privateKey: RedactedUint8Array",
    "  privateKey: Schema.Uint8ArrayFromBase64",
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
  ];
  for (const text of placeholders) {
    it(`leaves a placeholder or code alone: ${text}`, () => {
      expect(redactTextFast(text, noEnv).count).toBe(0);
    });
  }
});

describe("redaction of mixed fragments", () => {
  const secrets = SECRET_CORPUS.flatMap((e) => e.secrets.map(([, v]) => v));
  // Formats recognisable without context; a bare password or hex token is just a word.
  const contextual = new Set<SecretKind>([
    "aws-secret-key",
    "basic-auth-url",
    "connection-string-password",
    "secret-assignment",
    "authorization-header",
  ]);
  const selfEvident = SECRET_CORPUS.flatMap((e) =>
    e.secrets
      .filter(([kind, v]) => !contextual.has(kind) && !/^[0-9a-f]+$/.test(v))
      .map(([, v]) => v),
  );
  const fragments = [
    ...secrets,
    ...SECRET_CORPUS.map((e) => e.template.replace(/\{\d\}/g, "")),
    ...ORDINARY_CORPUS.map((e) => e.text.slice(0, 200)),
    "=",
    ":",
    " ",
    "\n",
    '"',
    "'",
    "@",
    "://",
    "https://",
    "user:",
    "TOKEN=",
    "password: ",
    "--token ",
    "Bearer ",
  ];

  // Separators are never letters or digits: a token glued to another word is not a token.
  const separators = [" ", "\n", "=", ":", '"', "'", "/", "@", ",", "; ", "\t"];

  it("is idempotent and leaves no self-evident secret whole, however the fragments are joined", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...fragments), fc.constantFrom(...separators)), {
          maxLength: 12,
        }),
        (parts) => {
          const text = parts.map(([fragment, separator]) => fragment + separator).join("");
          const once = redactTextFast(text, noEnv);
          expect(redactTextFast(once.text, noEnv).count).toBe(0);
          for (const secret of selfEvident) expect(once.text).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });
});
