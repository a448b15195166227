import { chars } from "./fake-secrets.ts";

/** Ordinary code and prose of a coding session, full of secret-ish words: nothing to mask. */
export const ORDINARY_CORPUS: Array<{ name: string; text: string }> = [
  {
    name: "TypeScript with token, secret and password identifiers",
    text: `import { z } from "zod";

export interface Credentials {
  username: string;
  password: string;
  token?: string;
  secret: Secret | null;
}

export const LoginInput = z.object({
  email: z.string().email(),
  password: z.string().min(8),
});

export async function login(input: Credentials): Promise<Session> {
  const token = await getToken(input.username, input.password);
  if (!token) throw new Error("missing token: check the password");
  const secret = config.secret;
  const apiKey = process.env.API_KEY ?? "";
  const authToken = process.env["AUTH_TOKEN"];
  const headers = { Authorization: \`Bearer \${token}\`, "X-Api-Key": apiKey };
  return createSession({ token, secret, authToken, headers, password: hashed, });
}

function rotate(secretName: string, tokenType = "Bearer", maxTokens = 4096) {
  const passwordField = document.querySelector("input[type=password]");
  return { secretName, tokenType, maxTokens, passwordField };
}
`,
  },
  {
    name: "python reading secrets from the environment",
    text: `import os

API_KEY = os.environ["API_KEY"]
password = os.getenv("DB_PASSWORD")
token = get_token(user)
secret_key = settings.SECRET_KEY
if password is None:
    raise RuntimeError("DB_PASSWORD is not set")
`,
  },
  {
    name: "git log with sha1 hashes",
    text: `commit 9fceb02d0ae598e95dc970b74767f19372d61af8
Author: Baton Test <test@example.invalid>
Date:   Sat Nov 21 10:00:00 2026 +0000

    Rotate the token cache; fix password reset

commit e83c5163316f89bfbde7d9ab23ca2e25604af290
    Merge: 1a2b3c4 5d6e7f8
$ git rev-parse HEAD
4b825dc642cb6eb9a060e54bf8d69288fbee4904
`,
  },
  {
    name: "UUIDs, long hex and hashes",
    text: `request 123e4567-e89b-12d3-a456-426614174000 failed
session id: 550e8400-e29b-41d4-a716-446655440000
sha256: ${chars("sha256", "0123456789abcdef", 64)}
integrity: sha512-${Buffer.from(chars("sri", "0123456789abcdef", 64), "hex").toString("base64")}
etag "${chars("etag", "0123456789abcdef", 32)}"
`,
  },
  {
    name: "base64 image data",
    text: `<img alt="logo" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${Buffer.from(chars("png", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 1500)).toString("base64")}">`,
  },
  {
    name: "URLs without passwords",
    text: `Cloned from git@github.com:acme/app.git and https://github.com/acme/app.git.
Dev server on http://localhost:3000/api/v1/users?page=2&sort=desc
ssh://git@git.example.com:2222/team/repo.git
https://deploy@git.example.com/team/repo.git
postgres://localhost:5432/app
See https://docs.example.com/auth/tokens#rotate for how to rotate a token.
Documentation examples: new URL("https://abc:xyz@example.com") and ftp://user:s3cret@files.example.org/
`,
  },
  {
    name: "placeholders in .env.example",
    text: `OPENAI_API_KEY=<your-key>
ANTHROPIC_API_KEY=
API_KEY=\${API_KEY}
GITHUB_TOKEN=$GITHUB_TOKEN
DB_PASSWORD=changeme
SESSION_SECRET=xxx
JWT_SECRET=your_jwt_secret_here
STRIPE_SECRET_KEY=sk_test_...
DATABASE_URL=postgres://user:password@localhost:5432/app
REDIS_URL=redis://:\${REDIS_PASSWORD}@localhost:6379
`,
  },
  {
    name: "prose about tokens and secrets",
    text: `The continuation prompt must stay under 400 tokens. We rotate the secret every month,
and the password field is validated on blur. Token: the one from the settings page.
Next step: ask the user for their API key, then store the token in the keychain.
The auth flow uses PKCE; the secret manager holds the client secret.
`,
  },
  {
    name: "YAML config with non-secret keys",
    text: `model: claude-sonnet
max_tokens: 4096
token_type: bearer
auth: required
password_policy: strict
secrets:
  - name: db-password
    mount: /run/secrets/db-password
token_file: /var/run/secrets/token
`,
  },
  {
    name: "JSON with password-typed form fields and labels",
    text: `{
  "fields": [
    { "name": "password", "type": "password", "autocomplete": "current-password" },
    { "name": "token", "type": "text", "label": "Access token" }
  ],
  "i18n": { "password": "Password", "token": "Token", "secret": "Secret" }
}`,
  },
  {
    name: "shell commands without secrets",
    text: `$ export PATH=/usr/local/bin:$PATH
$ NODE_ENV=production npm test
$ docker login --username ci --password-stdin < ~/.docker/token
$ gh auth token --hostname github.com
$ ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519
$ cat ~/.aws/credentials
$ openssl rand -hex 32 > .secret
`,
  },
  {
    name: "a stack trace",
    text: `TypeError: Cannot read properties of undefined (reading 'token')
    at refreshToken (/home/dev/app/src/auth/refresh-token.ts:42:17)
    at async Promise.all (index 0)
    at async login (/home/dev/app/src/auth/login.ts:12:5)
Error: invalid password for user "admin"
`,
  },
  {
    name: "public keys and certificates",
    text: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
-----END PUBLIC KEY-----
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dev@laptop
`,
  },
  {
    name: "agent transcript lines with ids, usage and signatures",
    text: `{"type":"assistant","requestId":"req_011CRzVx3p9Q8Zk1","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","model":"claude-sonnet-4-5","usage":{"input_tokens":1234,"cache_read_input_tokens":50211,"output_tokens":87}}}
{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"Check the token refresh.","signature":"${Buffer.from(chars("sig", "0123456789abcdef", 96), "hex").toString("base64")}"},{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"Bash","input":{"command":"npm test -- auth","description":"Run the auth tests"}}]}}
{"type":"user","toolUseResult":{"stdout":"PASS src/auth/token.test.ts (12 tests)","exitCode":0},"sessionId":"4f7c2d9e-8b1a-4c3e-9f2d-7a6b5c4d3e2f"}
`,
  },
  {
    name: "lockfile and container digests",
    text: `"node_modules/zod": {
  "version": "4.6.7",
  "resolved": "https://registry.npmjs.org/zod/-/zod-4.6.7.tgz",
  "integrity": "sha512-${Buffer.from(chars("lock", "0123456789abcdef", 128), "hex").toString("base64")}"
}
image: ghcr.io/acme/api@sha256:${chars("digest", "0123456789abcdef", 64)}
`,
  },
  {
    name: "words that contain secret prefixes",
    text: `task-list disk-usage risk-assessment ask-user sk-learn glpat ghp akia
The AKIA prefix marks AWS access keys; xoxb- marks Slack bot tokens.
npm_config_cache=/tmp/npm
`,
  },
];
