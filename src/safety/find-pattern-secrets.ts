import { isPlaceholder } from "./is-placeholder.ts";
import type { SecretKind, SecretSpan } from "./secret-kind.ts";

/**
 * Our own high-confidence formats. They run on every redaction, with or without
 * secretlint, so the synchronous hook path masks every format we know; most have a
 * fixed prefix, so a false positive on ordinary code or prose is very unlikely.
 */
type Rule = {
  kind: SecretKind;
  pattern: RegExp;
  /** Mask only this capture group (the `d` flag must be set). */
  group?: number;
  /** A further check of the masked value, for rules without a distinctive prefix. */
  accept?: (value: string) => boolean;
};

/** AWS documents its keys with `AKIAIOSFODNN7EXAMPLE` and `...EXAMPLEKEY`. */
const notAwsExample = (value: string): boolean => !value.includes("EXAMPLE");

const hasLetterAndDigit = (value: string): boolean => /\d/.test(value) && /[A-Za-z]/.test(value);

const DB_SCHEMES = new Set([
  "postgres",
  "postgresql",
  "mysql",
  "mysqlx",
  "mariadb",
  "mongodb",
  "mongodb+srv",
  "redis",
  "rediss",
  "amqp",
  "amqps",
  "mssql",
  "sqlserver",
  "oracle",
  "clickhouse",
  "cockroachdb",
  "couchdb",
  "neo4j",
  "neo4j+s",
  "bolt",
  "snowflake",
  "memcached",
  "elasticsearch",
  "cassandra",
  "influxdb",
]);

const RULES: Rule[] = [
  {
    kind: "private-key",
    // Up to the END line (within 64 KB, far above any real key, so that many BEGIN lines
    // without an END cannot make the scan quadratic); a block cut off before its END
    // still loses all its base64.
    pattern:
      /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,65536}?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\]*)/g,
  },
  // A PEM key base64-encoded once more, as in Kubernetes secrets and CI variables.
  {
    kind: "private-key",
    pattern: /\bLS0tLS1CRUdJTi[A-Za-z0-9+/]{20,}={0,2}/g,
    accept: (value) => Buffer.from(value, "base64").toString("latin1").includes("PRIVATE KEY"),
  },
  {
    kind: "aws-access-key",
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g,
    accept: notAwsExample,
  },
  {
    kind: "aws-secret-key",
    pattern:
      /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
    group: 1,
    accept: notAwsExample,
  },
  { kind: "github-token", pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36,255}\b/g },
  // GitHub App installation tokens in their newer, JWT-like shape.
  {
    kind: "github-token",
    pattern:
      /\bghs_[0-9]{1,20}_[A-Za-z0-9_-]{1,1000}\.[A-Za-z0-9_-]{1,10000}\.[A-Za-z0-9_-]{1,1000}/g,
  },
  // Older 40-hex GitHub tokens are only recognisable by where they sit: as the user of
  // a github.com URL, or before `x-oauth-basic`.
  {
    kind: "github-token",
    pattern: /https?:\/\/([^\s:@/]{8,256}):x-oauth-basic@/dg,
    group: 1,
  },
  {
    kind: "github-token",
    pattern: /https?:\/\/([0-9a-f]{40})(?::[^\s@/]*)?@github\.com\b/dg,
    group: 1,
  },
  { kind: "github-token", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  {
    kind: "gitlab-token",
    pattern: /\bgl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt)-[A-Za-z0-9_-]{20,}/g,
  },
  { kind: "slack-token", pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { kind: "slack-token", pattern: /\bxapp-\d-[A-Za-z0-9-]{10,}/g },
  // The whole webhook URL is the credential.
  {
    kind: "slack-webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g,
  },
  { kind: "anthropic-api-key", pattern: /\bsk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{20,}/g },
  {
    kind: "openai-api-key",
    pattern: /\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g,
  },
  { kind: "openai-api-key", pattern: /\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b/g },
  { kind: "openai-api-key", pattern: /\bsk-[A-Za-z0-9]{48}\b/g },
  { kind: "google-api-key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: "google-oauth-token", pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { kind: "stripe-key", pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: "stripe-key", pattern: /\bwhsec_[A-Za-z0-9]{24,}/g },
  { kind: "npm-token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  // .npmrc: `//registry.npmjs.org/:_authToken=...` and the older `_auth=`.
  {
    kind: "npm-token",
    pattern: /(?<![\w-])_auth(?:Token)?\s*=\s*["']?([^\s"'$][^\s"']*)/dg,
    group: 1,
  },
  { kind: "pypi-token", pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
  { kind: "sendgrid-key", pattern: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g },
  { kind: "huggingface-token", pattern: /\bhf_[A-Za-z0-9]{34,}\b/g },
  { kind: "groq-api-key", pattern: /\bgsk_[A-Za-z0-9]{52}\b/g },
  { kind: "shopify-token", pattern: /\bshp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}\b/g },
  { kind: "linear-api-key", pattern: /\blin_api_[A-Za-z0-9_]{32,128}/g },
  { kind: "notion-token", pattern: /\bntn_[0-9]{11}[A-Za-z0-9]{35}\b/g },
  { kind: "docker-token", pattern: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g },
  { kind: "databricks-token", pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { kind: "vault-token", pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g },
  { kind: "vercel-token", pattern: /\bvc[pikar]_[A-Za-z0-9]{20,60}\b/g },
  { kind: "figma-token", pattern: /\bfigd_[A-Za-z0-9_-]{40,200}/g },
  { kind: "cloudflare-token", pattern: /\bcf(?:k|ut|at)_[A-Za-z0-9]{40}[0-9a-f]{8}\b/g },
  {
    kind: "tailscale-key",
    pattern: /\btskey-[a-z]{2,20}-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60}\b/g,
  },
  { kind: "grafana-token", pattern: /\bglc_[A-Za-z0-9+/]{32,400}={0,2}/g },
  { kind: "grafana-token", pattern: /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/g },
  { kind: "onepassword-token", pattern: /\bops_ey[A-Za-z0-9+/=]{100,}/g },
  { kind: "digitalocean-token", pattern: /\bdo[por]_v1_[a-f0-9]{64}\b/g },
  // Header and payload are base64url JSON objects (`{"` encodes to `eyJ`); unsigned ones
  // (alg none) have an empty third part and still carry their claims.
  { kind: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  {
    kind: "authorization-header",
    pattern:
      /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|apikey|sso-key)\s+)([A-Za-z0-9._~+/=:-]{8,})/dgi,
    group: 1,
  },
  {
    kind: "authorization-header",
    pattern: /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?([A-Za-z0-9._~+/=-]{20,})/dgi,
    group: 1,
    accept: hasLetterAndDigit,
  },
  {
    kind: "authorization-header",
    pattern:
      /\bx-[a-z-]*(?:api-?key|token|secret|auth)["']?\s*:\s*["']?([A-Za-z0-9._~+/=-]{12,})/dgi,
    group: 1,
  },
];

/**
 * `scheme://user:password@host`: only the password is masked, so the host and user stay
 * readable. The password runs to the last `@` of the authority, since an unescaped `@`
 * in a password is common in hand-written connection strings. The user holds no brackets,
 * so a user already masked (`https://[REDACTED:github-token]:x-oauth-basic@`) is not read
 * as a user and password again.
 */
const USERINFO =
  /\b([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:@/?#'"<>[\]]{0,256}):([^\s/?#'"<>]{1,256})@(?=([A-Za-z0-9[][^\s/?#'"`<>]*))/dg;

/** Documentation hosts (RFC 2606): `https://abc:xyz@example.com` is an example. */
const EXAMPLE_HOST =
  /^(?:[^:]*\.)?example\.(?:com|org|net)(?::\d+)?$|\.(?:example|invalid|test)(?::\d+)?$/i;

export function findPatternSecrets(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const rule of RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      const range: readonly [number, number] | undefined =
        rule.group === undefined
          ? [match.index, match.index + match[0].length]
          : match.indices?.[rule.group];
      const value = rule.group === undefined ? match[0] : match[rule.group];
      if (!range || value === undefined) continue;
      if (rule.group !== undefined && isPlaceholder(value)) continue;
      if (rule.accept && !rule.accept(value)) continue;
      spans.push({ start: range[0], end: range[1], kind: rule.kind, label: rule.kind });
    }
  }
  spans.push(...findUrlPasswords(text));
  return spans;
}

export function findUrlPasswords(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(USERINFO)) {
    const scheme = (match[1] ?? "").toLowerCase();
    const password = match[3] ?? "";
    const range = match.indices?.[3];
    if (!range || isPlaceholder(password) || /^\d{1,5}$/.test(password)) continue;
    if (EXAMPLE_HOST.test(match[4] ?? "")) continue;
    const kind: SecretKind = DB_SCHEMES.has(scheme)
      ? "connection-string-password"
      : "basic-auth-url";
    spans.push({ start: range[0], end: range[1], kind, label: kind });
  }
  return spans;
}
