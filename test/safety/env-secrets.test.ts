import { afterEach, describe, expect, it } from "vitest";
import { redactText, redactTextFast } from "../../src/safety/redact-text.ts";
import { chars } from "./fake-secrets.ts";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

describe("values of secret-looking environment variables", () => {
  const serviceToken = chars("env-service", ALNUM, 24);
  const dbPassword = `${chars("env-db", ALNUM, 10)}#7`;
  const env = {
    MY_SERVICE_TOKEN: serviceToken,
    PGPASSWORD: dbPassword,
    HOME: "/home/dev",
    PATH: "/usr/local/bin:/usr/bin",
    PWD: "/home/dev/project-with-a-long-name",
    SSH_AUTH_SOCK: "/tmp/ssh-XXXX/agent.123",
    TOKENIZERS_PARALLELISM: "false",
    GIT_ASKPASS_TOKEN: "true",
    SHORT_SECRET: "abc123",
    AUTH_URL: "https://auth.example.com/oauth/token",
    CACHE_KEY: "production",
    EDITOR: "vim",
  };

  it("are masked wherever they appear, named after the variable", async () => {
    const text = `the service answered 401 for ${serviceToken}; retrying with psql "sslmode=require password=${dbPassword}"`;
    const result = await redactText(text, { env });
    expect(result.text).toBe(
      'the service answered 401 for [REDACTED:env:MY_SERVICE_TOKEN]; retrying with psql "sslmode=require password=[REDACTED:env:PGPASSWORD]"',
    );
    expect(result.count).toBe(2);
    expect(result.kinds).toEqual({ "env-value": 2 });
  });

  it("are masked in every occurrence and in URL-encoded form", () => {
    const encoded = encodeURIComponent(dbPassword);
    expect(encoded).not.toBe(dbPassword);
    const text = `${dbPassword} and again ${dbPassword}; in a URL ?p=${encoded}`;
    const result = redactTextFast(text, { env });
    expect(result.text).toBe(
      "[REDACTED:env:PGPASSWORD] and again [REDACTED:env:PGPASSWORD]; in a URL ?p=[REDACTED:env:PGPASSWORD]",
    );
    expect(result.count).toBe(3);
  });

  it("leave ordinary variables, paths, booleans, short and common values alone", () => {
    const text = Object.values(env)
      .filter((v) => v !== serviceToken && v !== dbPassword)
      .join(" | ");
    const result = redactTextFast(text, { env });
    expect(result.text).toBe(text);
    expect(result.count).toBe(0);
  });

  it("that contain one another are masked once, as the longer one", () => {
    const inner = chars("env-inner", ALNUM, 12);
    const outer = `pre-${inner}-post9`;
    const result = redactTextFast(`got ${outer} and ${inner}`, {
      env: { INNER_TOKEN: inner, OUTER_SECRET: outer },
    });
    expect(result.text).toBe("got [REDACTED:env:OUTER_SECRET] and [REDACTED:env:INNER_TOKEN]");
    expect(result.count).toBe(2);
  });

  it("give way to a recognised format with the same value", () => {
    const token = ["gh", "p_", chars("env-gh", ALNUM, 36)].join("");
    const result = redactTextFast(`token ${token}`, { env: { GITHUB_TOKEN: token } });
    expect(result.text).toBe("token [REDACTED:github-token]");
  });

  it("name odd variables with a label that stays a single mask", () => {
    const token = chars("env-npm", ALNUM, 20);
    const env = { "npm_config_//registry.example.com/:_authToken": token };
    const result = redactTextFast(`auth ${token}`, { env });
    expect(result.text).toBe("auth [REDACTED:env:npm_config___registry.example.com___authToken]");
    expect(redactTextFast(result.text, { env }).count).toBe(0);
  });

  describe("by default", () => {
    const name = "BATON_TEST_SAFETY_SECRET";
    afterEach(() => {
      delete process.env[name];
    });

    it("come from the current process", async () => {
      const value = chars("env-default", ALNUM, 20);
      process.env[name] = value;
      expect(redactTextFast(`x ${value} y`).text).toBe(`x [REDACTED:env:${name}] y`);
      expect((await redactText(`x ${value} y`)).text).toBe(`x [REDACTED:env:${name}] y`);
    });
  });
});
