import { DOCUMENTED_EXAMPLES, isPlaceholder } from "../../src/safety/is-placeholder.ts";
import type { SecretKind } from "../../src/safety/secret-kind.ts";
import { TOKEN_FORMATS, type TokenFormat } from "../../src/safety/token-formats.ts";
import { samplePattern, seeded } from "./sample-pattern.ts";

/**
 * One secret of every kind baton masks: a token drawn from each format of the table in
 * `src/safety/token-formats.ts`, and hand-built samples of the structural kinds (private
 * keys, connection strings, URLs with passwords, .netrc and .npmrc lines, headers, secret
 * assignments in JSON, YAML, TOML, shell and .env). Nothing here is copied from anyone's
 * test files, and no real credential is used: every value is drawn at run time from a
 * seeded generator. Any way out of baton can be tested against it: put `sample` into what
 * it writes and check that `secret` is gone.
 */
export type SecretSample = {
  kind: SecretKind;
  description: string;
  /** The text to put where a secret could leak; it may hold context around the secret. */
  sample: string;
  /** What must not survive redaction (the whole sample, or the part of it that is secret). */
  secret: string;
  /** A line of a file (`.pgpass`), recognised only as a line of its own. */
  ownLine?: true;
};

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64 = `${ALNUM}+/`;
const ATTEMPTS = 200;

export function randomChars(label: string, alphabet: string, length: number): string {
  const next = seeded(label);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** A sample of one format: drawn until it passes the format's own checks. */
function sampleFormat(format: TokenFormat, label: string): SecretSample {
  const whole = new RegExp(`^(?:${format.pattern.source})$`, `${format.pattern.flags}d`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const sample = samplePattern(format.pattern, `${label}#${attempt}`);
    const match = whole.exec(sample);
    const secret = match?.[format.group ?? 0];
    if (!secret || secret.length < 4) continue;
    if (format.accept && !format.accept(secret)) continue;
    // A value that happens to look like a placeholder (`xxxx…`) is drawn again.
    if (format.group !== undefined && isPlaceholder(secret)) continue;
    const kind = format.kind as SecretKind;
    const sampled = { kind, description: format.description, sample, secret };
    return format.pattern.flags.includes("m") ? { ...sampled, ownLine: true } : sampled;
  }
  throw new Error(`no sample of ${format.kind} (${format.pattern}) passes its checks`);
}

function pem(label: string, type: string, lines: number, width = 64): string {
  const body = randomChars(label, BASE64, width * lines).match(new RegExp(`.{1,${width}}`, "g"));
  const begin = ["-----BEGIN ", type, "PRIVATE KEY-----"].join("");
  const end = ["-----END ", type, "PRIVATE KEY-----"].join("");
  return [begin, ...(body ?? []), end].join("\n");
}

const b64url = (text: string) => Buffer.from(text).toString("base64url");

function structural(): SecretSample[] {
  const r = (label: string, n = 20, alphabet = ALNUM) => randomChars(label, alphabet, n);
  const password = (label: string) => `${r(label, 14)}!${r(`${label}+`, 3, "0123456789")}`;
  const samples: SecretSample[] = [];
  const add = (kind: SecretKind, description: string, sample: string, secret = sample) =>
    samples.push({ kind, description, sample, secret });

  const rsa = pem("rsa", "RSA ", 12);
  add("private-key", "RSA private key (PEM)", rsa);
  add("private-key", "EC private key (PEM)", pem("ec", "EC ", 3));
  add("private-key", "PKCS#8 private key", pem("pkcs8", "", 10));
  add("private-key", "encrypted PKCS#8 private key", pem("enc", "ENCRYPTED ", 10));
  add("private-key", "OpenSSH private key", pem("openssh", "OPENSSH ", 6, 70));
  add(
    "private-key",
    "PGP private key block",
    pem("pgp", "PGP ", 8).replaceAll("PRIVATE KEY-----", "PRIVATE KEY BLOCK-----"),
  );
  const escaped = pem("gcp", "", 10).split("\n").join("\\n");
  add(
    "private-key",
    "private key with escaped newlines in a JSON string",
    `{"type": "service_account", "private_key": "${escaped}\\n", "client_email": "ci@demo.iam.gserviceaccount.com"}`,
    escaped,
  );
  add(
    "private-key",
    "private key cut off before its END line",
    rsa.split("\n").slice(0, 6).join("\n"),
  );
  const encoded = Buffer.from(pem("k8s", "", 6)).toString("base64");
  add("private-key", "base64-encoded PEM private key", `tls.key: ${encoded}`, encoded);

  const claims = `{"sub":"${r("jwt-sub", 10)}","iat":1700000000,"scope":"deploy"}`;
  add(
    "jwt",
    "JWT (HS256)",
    [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(claims), r("jwt-sig", 43)].join("."),
  );
  add("jwt", "unsigned JWT (alg none)", `${b64url('{"alg":"none"}')}.${b64url(claims)}.`);

  for (const scheme of [
    "postgres",
    "postgresql",
    "mysql",
    "mongodb+srv",
    "redis",
    "rediss",
    "amqp",
    "mssql",
    "clickhouse",
  ]) {
    const pw = password(`conn-${scheme}`);
    add(
      "connection-string-password",
      `${scheme} connection string`,
      `${scheme}://svc_app:${pw}@db-7.internal.acme.io:5432/orders`,
      pw,
    );
  }
  const urlPw = password("https-url");
  add(
    "basic-auth-url",
    "https URL with a password",
    `https://deploy:${urlPw}@git.acme.io/team/repo.git`,
    urlPw,
  );
  const ftpPw = password("ftp-url");
  add("basic-auth-url", "ftp URL with a password", `ftp://backup:${ftpPw}@files.acme.io/`, ftpPw);

  const netrc1 = password("netrc-1");
  add(
    "secret-assignment",
    ".netrc line",
    `machine api.acme.io login ci password ${netrc1}`,
    netrc1,
  );
  const netrc2 = password("netrc-2");
  add(
    "secret-assignment",
    ".netrc entry over lines",
    `machine git.acme.io\n  login ci\n  password ${netrc2}\n`,
    netrc2,
  );
  const npmAuth = r("npmrc-auth", 36);
  add("npm-token", ".npmrc _authToken line", `//npm.acme.io/:_authToken=${npmAuth}`, npmAuth);
  const npmBasic = Buffer.from(`ci:${password("npm-basic")}`).toString("base64");
  add("npm-token", ".npmrc _auth line", `_auth=${npmBasic}`, npmBasic);

  const basic = Buffer.from(`metrics:${password("basic")}`).toString("base64");
  add("authorization-header", "Basic authorization header", `Authorization: Basic ${basic}`, basic);
  const bearer = r("bearer", 40, `${ALNUM}-._~`);
  add(
    "authorization-header",
    "Bearer authorization header",
    `Authorization: Bearer ${bearer}`,
    bearer,
  );

  const assigned = (label: string) => r(label, 32);
  const forms: Array<[string, (v: string) => string]> = [
    ["JSON", (v) => `{"client_secret": "${v}"}`],
    ["YAML", (v) => `database:\n  password: ${v}\n`],
    ["TOML", (v) => `[service]\napi_key = "${v}"\n`],
    ["shell export", (v) => `export DEPLOY_TOKEN='${v}'`],
    [".env", (v) => `SESSION_SECRET=${v}`],
    ["Python", (v) => `SIGNING_KEY = "${v}"`],
    ["command-line flag", (v) => `mysql --password=${v} orders`],
    ["curl -u", (v) => `curl -u admin:${v} https://ci.acme.io/api/json`],
  ];
  for (const [name, form] of forms) {
    const value = assigned(`assign-${name}`);
    add("secret-assignment", `secret assignment in ${name}`, form(value), value);
  }
  return samples;
}

/**
 * Formats whose check a drawn value cannot pass (a base64 PEM must decode to a key): the
 * structural samples hold a real-shaped one instead.
 */
const SAMPLED_BY_HAND = new Set(["private-key:LS0tLS1CRUdJTi"]);

export const SECRET_SAMPLES: SecretSample[] = [
  ...TOKEN_FORMATS.filter(
    (f) => !SAMPLED_BY_HAND.has(`${f.kind}:${f.pattern.source.slice(0, 14)}`),
  ).map((format, i) => sampleFormat(format, `${format.kind}-${i}`)),
  ...structural(),
];

/** Documented examples, which redaction leaves alone on purpose. */
export const EXAMPLE_SAMPLES = DOCUMENTED_EXAMPLES;

/** How a secret turns up in a transcript: in a sentence, with nothing naming it. */
export function inProse(sample: string, ownLine?: boolean): string {
  return ownLine === true
    ? `Checked again, the file says:\n${sample}\nand that showed up in the deploy log, twice.`
    : `Checked again: the value ${sample} showed up in the deploy log, twice.`;
}

/** The same bare token as the value of a secret-looking name, in each place it is written. */
export function inAssignments(token: string): string[] {
  return [
    `{"deploy_token": "${token}", "region": "eu-west-1"}`,
    `service:\n  api_key: ${token}\n  region: eu-west-1\n`,
    `[deploy]\naccess_token = "${token}"\n`,
    `export SERVICE_TOKEN='${token}'`,
    `SERVICE_SECRET=${token}\nLOG_LEVEL=debug\n`,
    `x_api_token = "${token}"`,
  ];
}
