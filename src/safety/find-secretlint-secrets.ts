import type { lintSource } from "@secretlint/core";
import { findUrlPasswords } from "./find-pattern-secrets.ts";
import type { SecretKind, SecretSpan } from "./secret-kind.ts";

/**
 * secretlint's recommended preset, the maintained rule set. Importing it costs about
 * 25 ms and its first run about 9 ms, too much for a hook's 150 ms budget, so it is
 * loaded on the first asynchronous redaction only; `redactTextFast` never loads it.
 */
type LintMessage = Awaited<ReturnType<typeof lintSource>>["messages"][number];
type LintConfig = Parameters<typeof lintSource>[0]["options"]["config"];
type Lint = (content: string) => Promise<readonly LintMessage[]>;

const PRESET_ID = "@secretlint/secretlint-rule-preset-recommend";
/** How far past a range's start the value of a group-capturing rule may begin. */
const MAX_NAME_LENGTH = 512;

const KIND_BY_RULE: Record<string, SecretKind> = {
  "@secretlint/secretlint-rule-aws": "aws-secret-key",
  "@secretlint/secretlint-rule-gcp": "private-key",
  "@secretlint/secretlint-rule-npm": "npm-token",
  "@secretlint/secretlint-rule-slack": "slack-token",
  "@secretlint/secretlint-rule-basicauth": "basic-auth-url",
  "@secretlint/secretlint-rule-openai": "openai-api-key",
  "@secretlint/secretlint-rule-anthropic": "anthropic-api-key",
  "@secretlint/secretlint-rule-groq": "groq-api-key",
  "@secretlint/secretlint-rule-huggingface": "huggingface-token",
  "@secretlint/secretlint-rule-linear": "linear-api-key",
  "@secretlint/secretlint-rule-notion": "notion-token",
  "@secretlint/secretlint-rule-privatekey": "private-key",
  "@secretlint/secretlint-rule-sendgrid": "sendgrid-key",
  "@secretlint/secretlint-rule-shopify": "shopify-token",
  "@secretlint/secretlint-rule-stripe": "stripe-key",
  "@secretlint/secretlint-rule-github": "github-token",
  "@secretlint/secretlint-rule-gitlab": "gitlab-token",
  "@secretlint/secretlint-rule-grafana": "grafana-token",
  "@secretlint/secretlint-rule-1password": "onepassword-token",
  "@secretlint/secretlint-rule-database-connection-string": "connection-string-password",
  "@secretlint/secretlint-rule-hashicorp-vault": "vault-token",
  "@secretlint/secretlint-rule-vercel": "vercel-token",
  "@secretlint/secretlint-rule-databricks": "databricks-token",
  "@secretlint/secretlint-rule-docker": "docker-token",
  "@secretlint/secretlint-rule-figma": "figma-token",
  "@secretlint/secretlint-rule-cloudflare": "cloudflare-token",
  "@secretlint/secretlint-rule-tailscale": "tailscale-key",
};

const KIND_BY_MESSAGE: Record<string, SecretKind> = {
  AWSAccessKeyID: "aws-access-key",
  PackageJSON_xOauthToken: "github-token",
  IncomingWebhook: "slack-webhook",
};

let loading: Promise<Lint> | undefined;

function loadLint(): Promise<Lint> {
  loading ??= (async () => {
    const [core, { creator }] = await Promise.all([
      import("@secretlint/core"),
      import("@secretlint/secretlint-rule-preset-recommend"),
    ]);
    const config: LintConfig = {
      rules: [
        {
          id: PRESET_ID,
          rule: creator,
          rules: [
            // Access key ids are credentials; the preset leaves them off by default.
            // Account ids are not secret (they are in every ARN), so they stay unreported.
            {
              id: "@secretlint/secretlint-rule-aws",
              options: { enableIDScanRule: true },
              allowMessageIds: ["AWSAccountID"],
            },
          ],
        },
      ],
    };
    return async (content) => {
      const result = await core.lintSource({
        source: {
          content: withoutDirectives(content),
          filePath: "baton-redaction.txt",
          contentType: "text",
        },
        options: { config, noPhysicFilePath: true },
      });
      return result.messages;
    };
  })();
  return loading;
}

/**
 * Starts loading secretlint now, for a caller that will redact soon and has idle time first.
 * A load that fails fails again, with its reason, at the first redaction.
 */
export function preloadSecretlint(): void {
  loadLint().catch(() => {});
}

/**
 * A `secretlint-disable` comment is for a repository's own files; in what baton redacts (a
 * transcript, a summary) it is text like any other and must not switch the scan off for
 * what follows. The preset's comment filter cannot be turned off from a config (a preset's
 * rule ignores `disabled`), so the directives are spelled so it does not see them, in as
 * many characters, which keeps every finding's range on the original text.
 */
function withoutDirectives(content: string): string {
  return content.replace(/secretlint-(?=(?:disable|enable))/gi, "secretlint\u2010");
}

export async function findSecretlintSecrets(text: string): Promise<SecretSpan[]> {
  const lint = await loadLint();
  const spans: SecretSpan[] = [];
  for (const message of await lint(text)) {
    const kind =
      KIND_BY_MESSAGE[message.messageId] ?? KIND_BY_RULE[message.ruleId] ?? "other-secret";
    spans.push(...toSpans(text, message, kind));
  }
  return spans;
}

/**
 * A message's range covers the finding; for URLs we mask only the password inside it.
 * Rules that capture a group (the AWS secret key, `.npmrc` tokens) report the group's
 * length from the start of the whole match, so the reported value, which has the range's
 * length, is looked up from the range's start.
 */
function toSpans(text: string, message: LintMessage, kind: SecretKind): SecretSpan[] {
  const [start, end] = message.range;
  if (kind === "basic-auth-url" || kind === "connection-string-password") {
    const passwords = findUrlPasswords(text.slice(start, end)).map((s) => ({
      ...s,
      start: s.start + start,
      end: s.end + start,
    }));
    if (passwords.length > 0) return passwords;
    // The password is a placeholder, one of our masks or on an example host: nothing to hide.
    if (/:\/\/[^\s:@/]*:[^\s/]*@/.test(text.slice(start, end))) return [];
    return [{ start, end, kind, label: kind }];
  }
  for (const value of Object.values(message.data ?? {})) {
    if (typeof value !== "string" || value.length !== end - start) continue;
    const at = text.indexOf(value, start);
    if (at !== -1 && at - start <= MAX_NAME_LENGTH) {
      return [{ start: at, end: at + value.length, kind, label: kind }];
    }
  }
  return [{ start, end, kind, label: kind }];
}
