import { describe, expect, it } from "vitest";
import { isPlaceholder } from "../../src/safety/is-placeholder.ts";
import { isSecretName } from "../../src/safety/is-secret-name.ts";

describe("isSecretName", () => {
  const secret = [
    "password",
    "DB_PASSWORD",
    "PGPASSWORD",
    "MYSQL_PWD",
    "apiKey",
    "api_key",
    "X-Api-Key",
    "OPENAI_API_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "clientSecret",
    "client-secret",
    "GITHUB_TOKEN",
    "accessToken",
    "csrftoken",
    "SMTP_PASS",
    "_auth",
    "privateKey",
    "config.password",
  ];
  const ordinary = [
    "key",
    "token_type",
    "tokenType",
    "maxTokens",
    "passwordField",
    "secretName",
    "SSH_AUTH_SOCK",
    "TOKENIZERS_PARALLELISM",
    "bypass",
    "AWS_ACCESS_KEY_ID",
    "private_key_id",
    "author",
    "GPG_KEY",
  ];
  for (const name of secret)
    it(`${name} names a secret`, () => expect(isSecretName(name)).toBe(true));
  for (const name of ordinary) it(`${name} does not`, () => expect(isSecretName(name)).toBe(false));

  it("accepts any <word>_KEY for environment variables", () => {
    expect(isSecretName("GPG_KEY", { bareKey: true })).toBe(true);
    expect(isSecretName("KEY", { bareKey: true })).toBe(false);
  });
});

describe("isPlaceholder", () => {
  const placeholders = [
    "",
    "<your-key>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell placeholder, literally
    "${API_KEY}",
    "$TOKEN",
    "$(cat token.txt)",
    "{{ secret }}",
    "%PASSWORD%",
    "process.env.API_KEY",
    "os.environ['X']",
    "xxxxxxxx",
    "********",
    "changeme",
    "your_api_key_here",
    "YOUR_TOKEN",
    "sk-...",
    "[REDACTED:jwt]",
  ];
  const values = ["hunter2hunter2", "Zq81mXr2Lw", "my-s3cret-Pass", "correct horse staple"];
  for (const v of placeholders)
    it(`${JSON.stringify(v)} is a placeholder`, () => expect(isPlaceholder(v)).toBe(true));
  for (const v of values)
    it(`${JSON.stringify(v)} is not`, () => expect(isPlaceholder(v)).toBe(false));
});
