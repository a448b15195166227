/**
 * Fake secrets with the right shape. Every one is assembled at run time from a split
 * prefix and deterministic pseudo-random characters, so no token-shaped literal sits in
 * the source for a push-protection scanner to flag, and no real credential is used.
 */
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX = "0123456789abcdef";
const BASE64 = `${ALNUM}+/`;
const BASE64URL = `${ALNUM}-_`;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** mulberry32, seeded from the label, so a test run is reproducible. */
function random(label: string): () => number {
  let seed = 0;
  for (const ch of label) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function chars(label: string, alphabet: string, length: number): string {
  const next = random(label);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

const join = (...parts: string[]): string => parts.join("");

export const fake = {
  awsAccessKey: (l = "aws-id") => join("AK", "IA", chars(l, UPPER_ALNUM, 16)),
  awsSessionKey: (l = "aws-asia") => join("AS", "IA", chars(l, UPPER_ALNUM, 16)),
  awsSecretKey: (l = "aws-secret") => chars(l, BASE64, 40),
  githubClassic: (l = "ghp") => join("gh", "p_", chars(l, ALNUM, 36)),
  githubServer: (l = "ghs") => join("gh", "s_", chars(l, ALNUM, 36)),
  githubFineGrained: (l = "gh-pat") =>
    join("github", "_pat_", chars(`${l}a`, ALNUM, 22), "_", chars(`${l}b`, ALNUM, 59)),
  gitlab: (l = "glpat") => join("gl", "pat-", chars(l, ALNUM, 20)),
  slackBot: (l = "xoxb") =>
    join(
      "xo",
      "xb-",
      chars(`${l}1`, "0123456789", 12),
      "-",
      chars(`${l}2`, "0123456789", 13),
      "-",
      chars(`${l}3`, ALNUM, 24),
    ),
  slackWebhookPath: (l = "hook") =>
    join(
      "T",
      chars(`${l}1`, UPPER_ALNUM, 8),
      "/B",
      chars(`${l}2`, UPPER_ALNUM, 10),
      "/",
      chars(`${l}3`, ALNUM, 24),
    ),
  openaiProject: (l = "openai") =>
    join(
      "sk-",
      "proj-",
      chars(`${l}a`, BASE64URL, 74),
      "T3Blbk",
      "FJ",
      chars(`${l}b`, BASE64URL, 74),
    ),
  anthropic: (l = "ant") => join("sk-", "ant-", "api03-", chars(l, BASE64URL, 93), "AA"),
  googleApiKey: (l = "gapi") => join("AI", "za", chars(l, BASE64URL, 35)),
  googleOauth: (l = "ya29") => join("ya", "29.", chars(l, BASE64URL, 120)),
  stripeLive: (l = "stripe") => join("sk", "_live_", chars(l, ALNUM, 24)),
  stripeWebhook: (l = "whsec") => join("wh", "sec_", chars(l, ALNUM, 32)),
  npm: (l = "npm") => join("np", "m_", chars(l, ALNUM, 36)),
  pypi: (l = "pypi") => join("py", "pi-", "AgEIcHlwaS5vcmc", chars(l, BASE64URL, 64)),
  sendgrid: (l = "sg") =>
    join("S", "G.", chars(`${l}1`, BASE64URL, 22), ".", chars(`${l}2`, BASE64URL, 43)),
  huggingface: (l = "hf") => join("h", "f_", chars(l, LETTERS, 34)),
  digitalocean: (l = "do") => join("do", "p_v1_", chars(l, HEX, 64)),
  vault: (l = "hvs") => join("hv", "s.", chars(l, BASE64URL, 95)),
  docker: (l = "dckr") => join("dckr", "_pat_", chars(l, BASE64URL, 27)),
  jwt: (l = "jwt") => {
    const b64url = (s: string) => Buffer.from(s).toString("base64url");
    return [
      b64url('{"alg":"HS256","typ":"JWT"}'),
      b64url(`{"sub":"${chars(`${l}s`, HEX, 12)}","name":"Test User","iat":1700000000}`),
      chars(`${l}sig`, BASE64URL, 43),
    ].join(".");
  },
  rsaPrivateKey: (l = "rsa") => {
    const body = `MIIEow${chars(l, BASE64, 58)}`.padEnd(64 * 12, chars(`${l}x`, BASE64, 64 * 12));
    const lines = body.match(/.{1,64}/g) ?? [];
    return [
      join("-----BEGIN RSA ", "PRIVATE KEY-----"),
      ...lines,
      join("-----END RSA ", "PRIVATE KEY-----"),
    ].join("\n");
  },
  opensshPrivateKey: (l = "openssh") => {
    const body = `b3BlbnNzaC1rZXktdjE${chars(l, BASE64, 45)}`.padEnd(
      70 * 6,
      chars(`${l}x`, BASE64, 70 * 6),
    );
    const lines = body.match(/.{1,70}/g) ?? [];
    return [
      join("-----BEGIN OPENSSH ", "PRIVATE KEY-----"),
      ...lines,
      join("-----END OPENSSH ", "PRIVATE KEY-----"),
    ].join("\n");
  },
  password: (l = "pw") => `${chars(l, ALNUM, 14)}!9`,
  hex: (l = "hex", n = 32) => chars(l, HEX, n),
  alnum: (l = "alnum", n = 32) => chars(l, ALNUM, n),
};
