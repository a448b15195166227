import type { SecretKind } from "../../src/safety/secret-kind.ts";
import { fake } from "./fake-secrets.ts";

/**
 * Real-shaped fake secrets in the places they turn up in a coding session. `{0}`, `{1}`
 * mark where each secret sits; the expected output is the template with each marker
 * replaced by its mask, so a test sees both that the secret is gone and that nothing
 * around it was touched.
 */
export type CorpusEntry = {
  name: string;
  template: string;
  secrets: Array<[SecretKind, string]>;
};

const pw = fake.password;

export const SECRET_CORPUS: CorpusEntry[] = [
  {
    name: "aws keys exported in a shell",
    template: "$ export AWS_ACCESS_KEY_ID={0}\n$ export AWS_SECRET_ACCESS_KEY={1}\n$ aws s3 ls\n",
    secrets: [
      ["aws-access-key", fake.awsAccessKey()],
      ["aws-secret-key", fake.awsSecretKey()],
    ],
  },
  {
    name: "aws credentials file",
    template:
      "[default]\naws_access_key_id = {0}\naws_secret_access_key = {1}\nregion = eu-west-1\n",
    secrets: [
      ["aws-access-key", fake.awsAccessKey("aws-file")],
      ["aws-secret-key", fake.awsSecretKey("aws-file")],
    ],
  },
  {
    name: "aws session credentials as JSON",
    template:
      '{\n  "Version": 1,\n  "AccessKeyId": "{0}",\n  "SecretAccessKey": "{1}",\n  "Expiration": "2026-11-21T12:00:00Z"\n}',
    secrets: [
      ["aws-access-key", fake.awsSessionKey()],
      ["aws-secret-key", fake.awsSecretKey("aws-json")],
    ],
  },
  {
    name: "github token in a git remote url",
    template:
      "$ git remote -v\norigin\thttps://x-access-token:{0}@github.com/acme/app.git (fetch)\n",
    secrets: [["github-token", fake.githubServer()]],
  },
  {
    name: "github fine-grained token in a curl header",
    template:
      'curl -sS -H "Authorization: Bearer {0}" -H "Accept: application/vnd.github+json" https://api.github.com/user',
    secrets: [["github-token", fake.githubFineGrained()]],
  },
  {
    name: "github classic token in prose",
    template: "I set GH_TOKEN to {0} before running gh pr create, and it worked.",
    secrets: [["github-token", fake.githubClassic()]],
  },
  {
    name: "old hex github token in package.json",
    template:
      '{\n  "dependencies": {\n    "private-lib": "git+https://{0}:x-oauth-basic@github.com/acme/private-lib.git"\n  }\n}',
    secrets: [["github-token", fake.hex("gh-oauth", 40)]],
  },
  {
    name: "gitlab token in a remote url",
    template: "fatal: unable to access 'https://oauth2:{0}@gitlab.com/team/infra.git/': 403",
    secrets: [["gitlab-token", fake.gitlab()]],
  },
  {
    name: "slack bot token in JSON config",
    template: '{\n  "slack": {\n    "botToken": "{0}",\n    "channel": "#deploys"\n  }\n}',
    secrets: [["slack-token", fake.slackBot()]],
  },
  {
    name: "slack webhook in a script",
    template: "curl -X POST -d @payload.json {0}\n",
    secrets: [["slack-webhook", `https://hooks.slack.com/services/${fake.slackWebhookPath()}`]],
  },
  {
    name: "openai project key in .env",
    template: "NODE_ENV=development\nOPENAI_API_KEY={0}\nLOG_LEVEL=debug\n",
    secrets: [["openai-api-key", fake.openaiProject()]],
  },
  {
    name: "anthropic key inline in a command",
    template: 'ANTHROPIC_API_KEY={0} claude -p "summarize the diff"',
    secrets: [["anthropic-api-key", fake.anthropic()]],
  },
  {
    name: "google api key in a firebase config",
    template:
      'const firebaseConfig = {\n  apiKey: "{0}",\n  authDomain: "demo-app.firebaseapp.com",\n  projectId: "demo-app",\n};',
    secrets: [["google-api-key", fake.googleApiKey()]],
  },
  {
    name: "google oauth token in a log line",
    template: "2026-11-21T10:02:03Z DEBUG refreshed access token {0} (expires in 3599s)",
    secrets: [["google-oauth-token", fake.googleOauth()]],
  },
  {
    name: "stripe key in a stack trace",
    template:
      "StripeAuthenticationError: Invalid API Key provided: {0}\n    at StripeError.generate (node_modules/stripe/cjs/Error.js:10:12)\n    at res.toJSON.then (node_modules/stripe/cjs/RequestSender.js:102:54)",
    secrets: [["stripe-key", fake.stripeLive()]],
  },
  {
    name: "stripe webhook secret in YAML",
    template: "stripe:\n  webhook_secret: {0}\n  api_version: 2024-06-20\n",
    secrets: [["stripe-key", fake.stripeWebhook()]],
  },
  {
    name: "npm token in .npmrc",
    template: "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={0}\n",
    secrets: [["npm-token", fake.npm()]],
  },
  {
    name: "pypi token in .pypirc",
    template: "[pypi]\nusername = __token__\npassword = {0}\n",
    secrets: [["pypi-token", fake.pypi()]],
  },
  {
    name: "rsa private key pasted into a chat",
    template: "Here is the deploy key, please add it to the server:\n\n{0}\n\nThanks!",
    secrets: [["private-key", fake.rsaPrivateKey()]],
  },
  {
    name: "openssh private key in a heredoc",
    template: "cat > ~/.ssh/id_ed25519 <<'EOF'\n{0}\nEOF\nchmod 600 ~/.ssh/id_ed25519",
    secrets: [["private-key", fake.opensshPrivateKey()]],
  },
  {
    name: "jwt in a curl header",
    template: "curl -H 'Authorization: Bearer {0}' http://localhost:3000/api/me",
    secrets: [["jwt", fake.jwt()]],
  },
  {
    name: "jwt in a JSON response",
    template: '{"token_type":"Bearer","id_token":"{0}","expires_in":3600}',
    secrets: [["jwt", fake.jwt("jwt-json")]],
  },
  {
    name: "password in an https remote url",
    template: "$ git remote add origin https://deploy:{0}@git.acme-corp.io/team/repo.git",
    secrets: [["basic-auth-url", pw("basic")]],
  },
  {
    name: "postgres url in .env",
    template: "DATABASE_URL=postgres://app:{0}@db.internal:5432/app?sslmode=require\n",
    secrets: [["connection-string-password", pw("pg")]],
  },
  {
    name: "mongodb srv url in a stack trace",
    template:
      "MongoServerError: bad auth : authentication failed\n    connecting to mongodb+srv://admin:{0}@cluster0.ab1cd.mongodb.net/shop?retryWrites=true",
    secrets: [["connection-string-password", pw("mongo")]],
  },
  {
    name: "redis url with an empty user",
    template: "REDIS_URL=redis://:{0}@cache.internal:6379/0",
    secrets: [["connection-string-password", pw("redis")]],
  },
  {
    name: "mysql url whose password holds an at sign",
    template: "mysql://root:{0}@127.0.0.1:3306/shop",
    secrets: [["connection-string-password", `${pw("mysql")}@x7`]],
  },
  {
    name: "session secret in .env",
    template: "PORT=8080\nSESSION_SECRET={0}\n",
    secrets: [["secret-assignment", fake.alnum("session", 48)]],
  },
  {
    name: "database password in docker-compose YAML",
    template:
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: {0}\n",
    secrets: [["secret-assignment", pw("compose")]],
  },
  {
    name: "oauth client secret in JSON",
    template: '{\n  "client_id": "1234567890-abc.apps.example.com",\n  "client_secret": "{0}"\n}',
    secrets: [["secret-assignment", fake.alnum("client-secret", 35)]],
  },
  {
    name: "password flag on a command line",
    template: "$ docker login registry.example.com --username ci --password {0}",
    secrets: [["secret-assignment", pw("docker-login")]],
  },
  {
    name: "api key in Python source",
    template:
      "import requests\n\nAPI_KEY = '{0}'\nrequests.get(URL, headers={'X-Api-Key': API_KEY})\n",
    secrets: [["secret-assignment", fake.hex("py-key", 32)]],
  },
  {
    name: "api key header in a curl command",
    template: 'curl -H "X-Api-Key: {0}" https://api.example.com/v1/items',
    secrets: [["authorization-header", fake.hex("x-api-key", 40)]],
  },
  {
    name: "basic authorization header",
    template: "GET /metrics HTTP/1.1\nHost: metrics.internal\nAuthorization: Basic {0}\n",
    secrets: [
      ["authorization-header", Buffer.from(`metrics:${pw("basic-hdr")}`).toString("base64")],
    ],
  },
  {
    name: "curl user and password",
    template: "curl -u admin:{0} https://jenkins.internal/api/json",
    secrets: [["secret-assignment", pw("curl-u")]],
  },
  {
    name: ".netrc entries",
    template:
      "machine api.heroku.com login dev@acme-corp.io password {0}\nmachine git.acme-corp.io\n  login ci\n  password {1}\n",
    secrets: [
      ["secret-assignment", pw("netrc-1")],
      ["secret-assignment", pw("netrc-2")],
    ],
  },
  {
    name: "sendgrid key in a TOML file",
    template: '[mail]\nprovider = "sendgrid"\nkey = "{0}"\n',
    secrets: [["sendgrid-key", fake.sendgrid()]],
  },
  {
    name: "hugging face token in prose",
    template: "Login worked with `huggingface-cli login --token {0}` on the GPU box.",
    secrets: [["huggingface-token", fake.huggingface()]],
  },
  {
    name: "digitalocean token in terraform vars",
    template: 'do_token = "{0}"\nregion   = "fra1"\n',
    secrets: [["digitalocean-token", fake.digitalocean()]],
  },
  {
    name: "vault token in a shell session",
    template:
      "$ export VAULT_ADDR=https://vault.internal:8200\n$ vault login {0}\nSuccess! You are now authenticated.",
    secrets: [["vault-token", fake.vault()]],
  },
  {
    name: "docker hub token in CI output",
    template: "+ echo {0} | docker login -u acme --password-stdin\nLogin Succeeded",
    secrets: [["docker-token", fake.docker()]],
  },
  {
    name: "gcp service account JSON",
    template:
      '{\n  "type": "service_account",\n  "project_id": "demo-project",\n  "private_key": "{0}",\n  "client_email": "ci@demo-project.iam.gserviceaccount.com"\n}',
    secrets: [
      [
        "private-key",
        fake
          .rsaPrivateKey("gcp")
          .replace("RSA ", "")
          .replaceAll("RSA ", "")
          .split("\n")
          .join("\\n"),
      ],
    ],
  },
  {
    name: "kubernetes TLS secret",
    template:
      "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n  tls.key: {0}\n",
    secrets: [["private-key", Buffer.from(fake.rsaPrivateKey("k8s")).toString("base64")]],
  },
  {
    name: "quoted shell password with spaces",
    template: "export SMTP_PASSWORD='{0}'\nnpm run mail:test",
    secrets: [["secret-assignment", `correct horse ${fake.alnum("smtp", 6)} staple`]],
  },
  {
    name: "YAML password holding a hash sign, with a comment",
    template: "redis:\n  host: cache.internal\n  password: {0}  # rotated monthly\n",
    secrets: [["secret-assignment", `${fake.alnum("yaml-hash", 10)}#x9`]],
  },
  {
    name: "several secrets in one message",
    template:
      "Tried again with STRIPE_KEY={0} and the github token {1}; also the db at postgresql://svc:{2}@10.0.0.5/orders refused.",
    secrets: [
      ["stripe-key", fake.stripeLive("stripe-multi")],
      ["github-token", fake.githubClassic("ghp-multi")],
      ["connection-string-password", pw("pg-multi")],
    ],
  },
];

export function fill(
  entry: CorpusEntry,
  replace: (kind: SecretKind, value: string) => string,
): string {
  return entry.template.replace(/\{(\d)\}/g, (_, i: string) => {
    const secret = entry.secrets[Number(i)];
    if (!secret) throw new Error(`${entry.name}: no secret {${i}}`);
    return replace(secret[0], secret[1]);
  });
}
