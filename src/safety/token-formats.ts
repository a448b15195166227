/**
 * The table of credential formats that redaction recognises by their shape alone, wherever
 * they appear: bare in prose, in a log line, in a URL or as a value. Patterns are written
 * here from the providers' documented formats (gitleaks' rules, trufflehog's detectors and
 * secretlint's rules served as the list of which formats exist). `find-pattern-secrets.ts`
 * compiles the table once; the README's "What is masked" section summarises it.
 *
 * Most formats carry a literal (a prefix such as `xoxb-`, or an infix such as `Q~`): that
 * literal is the `anchor`, and one scan for all anchors decides where a pattern is tried at
 * all, so a text without any anchor costs one pass. `before` says how far before the anchor
 * a match may start (0, the default, for a prefix). A format without an anchor (`anchor:
 * null`) is scanned for on its own; those are the structural ones (private keys, headers).
 */
export type TokenFormat = {
  kind: string;
  description: string;
  /** The token's shape, without boundaries: they are added around it when compiled. */
  pattern: RegExp;
  /**
   * The literal every match holds (or one of several, for a pattern that ignores case);
   * by default the pattern's leading literal characters.
   */
  anchor?: string | readonly string[] | null;
  /** How many characters before the anchor a match may start: exact, or [min, max]. */
  before?: number | readonly [number, number];
  /** Mask only this capture group of the pattern. */
  group?: number;
  /** A further check of the masked value. */
  accept?: (value: string) => boolean;
  /** What must not precede a match (a lookbehind's class); letters, digits and `_` by default. */
  notAfter?: string;
};

const hasDigit = (value: string): boolean => /\d/.test(value);
const hasLetterAndDigit = (value: string): boolean => /\d/.test(value) && /[A-Za-z]/.test(value);
const mixedCaseAndDigit = (value: string): boolean =>
  /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);

/**
 * AWS documents its keys with values ending in `EXAMPLE` (`AKIAIOSFODNN7EXAMPLE`) and
 * `...EXAMPLEKEY`; see also `DOCUMENTED_EXAMPLES` in `is-placeholder.ts`.
 */
const notAwsExample = (value: string): boolean => !/EXAMPLE(?:KEY)?$/.test(value);

/** A base64 PEM (Kubernetes secrets, CI variables) is only a private key if it says so. */
const encodesPrivateKey = (value: string): boolean =>
  Buffer.from(value, "base64").toString("latin1").includes("PRIVATE KEY");

/** A UUID in lower-case hex, as the providers that use one in a token write it. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.source;

export const TOKEN_FORMATS = [
  // ---- Private keys and other structural kinds -----------------------------------------
  {
    kind: "private-key",
    description:
      "PEM, OpenSSH, PGP and encrypted private key blocks, whole (also with escaped newlines, and cut off before END)",
    // Up to the END line (within 64 KB, far above any real key, so many BEGIN lines without
    // an END cannot make the scan quadratic); a block cut off before END still loses its base64.
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,65536}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\]*)/,
    anchor: "-----BEGIN",
  },
  {
    kind: "private-key",
    description: "A PEM private key base64-encoded once more (Kubernetes secrets, CI variables)",
    pattern: /LS0tLS1CRUdJTi[A-Za-z0-9+/]{20,}={0,2}/,
    accept: encodesPrivateKey,
  },
  {
    kind: "putty-private-key",
    description: "PuTTY private key file (.ppk), from its header to its MAC",
    pattern: /PuTTY-User-Key-File-[23]: [\s\S]{0,16384}?Private-MAC: [0-9a-f]+/,
  },
  {
    kind: "age-secret-key",
    description: "age encryption secret key",
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/,
  },
  {
    kind: "jwt",
    description: "JSON Web Token (signed, or unsigned with an empty signature)",
    // Header and payload are base64url JSON objects (`{"` encodes to `eyJ`).
    pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  },
  {
    kind: "authorization-header",
    description: "Authorization header with a scheme (Bearer, Basic, Token, …): the credential",
    pattern:
      /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|apikey|sso-key)\s+)([A-Za-z0-9._~+/=:-]{8,})/i,
    anchor: ["uthorization", "UTHORIZATION"],
    before: [1, 7],
    group: 1,
  },
  {
    kind: "authorization-header",
    description: "Authorization header without a scheme: the credential",
    pattern: /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?([A-Za-z0-9._~+/=-]{20,})/i,
    anchor: ["uthorization", "UTHORIZATION"],
    before: [1, 7],
    group: 1,
    accept: hasLetterAndDigit,
  },
  {
    kind: "authorization-header",
    description: "X-…-Api-Key, X-…-Token, X-…-Secret, X-…-Auth headers: the value",
    pattern: /\bx-[a-z-]*(?:api-?key|token|secret|auth)["']?\s*:\s*["']?([A-Za-z0-9._~+/=-]{12,})/i,
    anchor: ["x-", "X-"],
    group: 1,
  },
  {
    kind: "npm-token",
    description: ".npmrc `_authToken=` and `_auth=` lines: the value",
    pattern: /_auth(?:Token)?\s*=\s*["']?([^\s"'$][^\s"']*)/,
    anchor: "_auth",
    group: 1,
    notAfter: "\\w-",
  },
  {
    kind: "xml-password",
    description: "<password>, <passphrase> and <secret> elements (Maven settings.xml and similar)",
    pattern: /<(password|passphrase|secret|privateKey)>([^<\s]{4,256})<\/\1>/,
    anchor: ["<password>", "<passphrase>", "<secret>", "<privateKey>"],
    group: 2,
  },
  {
    kind: "nuget-config-password",
    description: "NuGet.Config ClearTextPassword value",
    pattern: /<add\s+key="(?:ClearText)?Password"\s+value="([^"]{4,})"/,
    anchor: ["ClearTextPassword", '"Password"'],
    before: [9, 24],
    group: 1,
  },
  {
    kind: "azure-storage-connection-string",
    description: "Azure storage and Cosmos DB connection strings: the AccountKey",
    pattern: /AccountKey=([A-Za-z0-9+/]{40,100}={0,2})/,
    group: 1,
  },
  {
    kind: "azure-connection-string-key",
    description:
      "Azure Service Bus, Event Hubs and IoT Hub connection strings: the SharedAccessKey",
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{40,50}={0,2})/,
    group: 1,
  },
  {
    kind: "azure-sas-signature",
    description: "Azure shared access signature in a URL: the sig parameter",
    pattern: /[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'<>]*?sig=([A-Za-z0-9%+/=]{40,})/,
    anchor: "sv=",
    before: 1,
    group: 1,
  },
  {
    kind: "aws-secret-key",
    description: "AWS secret access key after an aws_secret_access_key-like name",
    pattern:
      /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i,
    anchor: ["ecret", "ECRET"],
    before: [1, 5],
    group: 1,
    accept: notAwsExample,
  },
  {
    kind: "github-token",
    description: "40-hex GitHub OAuth token as the user of a URL with x-oauth-basic",
    pattern: /https?:\/\/([^\s:@/]{8,256}):x-oauth-basic@/,
    anchor: ":x-oauth-basic@",
    before: [15, 264],
    group: 1,
  },
  {
    kind: "github-token",
    description: "40-hex GitHub token as the user of a github.com URL",
    pattern: /https?:\/\/([0-9a-f]{40})(?::[^\s@/]*)?@github\.com\b/,
    anchor: "http",
    group: 1,
  },
  {
    kind: "sidekiq-secret",
    description: "Sidekiq Enterprise/Pro gem credentials in Bundler settings",
    pattern:
      /BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?[ \t]*[=:][ \t]*["']?([a-f0-9]{8}:[a-f0-9]{8})/,
    anchor: "__CONTRIBSYS__COM",
    before: [11, 17],
    group: 1,
  },

  // ---- Source control, CI and package registries ---------------------------------------
  {
    kind: "github-token",
    description: "GitHub personal access token (classic)",
    pattern: /ghp_[A-Za-z0-9_]{36,255}/,
  },
  {
    kind: "github-token",
    description: "GitHub OAuth access token",
    pattern: /gho_[A-Za-z0-9_]{36,255}/,
  },
  {
    kind: "github-token",
    description: "GitHub user-to-server token",
    pattern: /ghu_[A-Za-z0-9_]{36,255}/,
  },
  {
    kind: "github-token",
    description: "GitHub App installation token, JWT-like form",
    pattern: /ghs_[0-9]{1,20}_[A-Za-z0-9_-]{1,1000}\.[A-Za-z0-9_-]{1,10000}\.[A-Za-z0-9_-]{1,1000}/,
  },
  {
    kind: "github-token",
    description: "GitHub server-to-server token",
    pattern: /ghs_[A-Za-z0-9_]{36,255}/,
  },
  {
    kind: "github-token",
    description: "GitHub refresh token",
    pattern: /ghr_[A-Za-z0-9_]{36,255}/,
  },
  {
    kind: "github-token",
    description: "GitHub fine-grained personal access token",
    pattern: /github_pat_[A-Za-z0-9_]{22,255}/,
  },
  {
    kind: "gitlab-token",
    description:
      "GitLab personal, deploy, runner, trigger, CI job, OAuth, SCIM, feed and mail tokens (also routable)",
    pattern: /gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|ft)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{9})?/,
    anchor: "gl",
  },
  {
    kind: "gitlab-agent-token",
    description: "GitLab Kubernetes agent token",
    pattern: /glagent-[A-Za-z0-9_-]{50,}/,
  },
  {
    kind: "gitlab-runner-registration-token",
    description: "GitLab runner registration token",
    pattern: /GR1348941[A-Za-z0-9_-]{20}/,
  },
  {
    kind: "gitlab-session-cookie",
    description: "GitLab session cookie value",
    pattern: /_gitlab_session=([0-9a-z]{32})/,
    group: 1,
  },
  {
    kind: "bitbucket-app-password",
    description: "Bitbucket app password",
    pattern: /ATBB[A-Za-z0-9_=.-]{32}/,
  },
  {
    kind: "atlassian-api-token",
    description: "Atlassian (Jira, Confluence) API token",
    pattern: /ATATT3[A-Za-z0-9_=-]{180,200}/,
  },
  {
    kind: "azure-devops-pat",
    description: "Azure DevOps personal access token (84 characters, AZDO signature)",
    pattern: /[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}/,
    anchor: "AZDO",
    before: 76,
  },
  {
    kind: "circleci-token",
    description: "CircleCI personal API token",
    pattern: /CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}/,
  },
  {
    kind: "circleci-project-token",
    description: "CircleCI project API token",
    pattern: /CCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40}/,
  },
  {
    kind: "buildkite-api-token",
    description: "Buildkite user access token",
    pattern: /bkua_[a-f0-9]{40}/,
  },
  {
    kind: "buildkite-agent-token",
    description: "Buildkite agent token",
    pattern: /bkagent_[a-f0-9]{40,50}/,
  },
  {
    kind: "jfrog-api-key",
    description: "JFrog Artifactory API key",
    pattern: /AKCp[A-Za-z0-9]{69}/,
  },
  {
    kind: "jfrog-reference-token",
    description: "JFrog reference token",
    pattern: /cmVmdGtuOjAxOj[A-Za-z0-9]{40,}/,
  },
  {
    kind: "sonarqube-token",
    description: "SonarQube and SonarCloud user, project and analysis tokens",
    pattern: /sq[pau]_[a-f0-9]{40}/,
    anchor: "sq",
  },
  {
    kind: "octopus-deploy-api-key",
    description: "Octopus Deploy API key",
    pattern: /API-[A-Z0-9]{26}/,
    accept: hasDigit,
  },
  {
    kind: "terraform-cloud-token",
    description: "Terraform Cloud / HCP Terraform API token",
    pattern: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/,
    anchor: ".atlasv1.",
    before: 14,
  },
  {
    kind: "infracost-api-token",
    description: "Infracost API token",
    pattern: /ico-[A-Za-z0-9]{32}/,
    accept: hasLetterAndDigit,
  },
  { kind: "pulumi-token", description: "Pulumi access token", pattern: /pul-[a-f0-9]{40}/ },
  {
    kind: "harness-pat",
    description: "Harness personal access or service account token",
    pattern: /(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20}/,
    anchor: "at.",
    before: 1,
  },
  {
    kind: "teamcity-token",
    description: "TeamCity access token",
    pattern: /eyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_-]{36}\.[A-Za-z0-9_-]{48}/,
  },
  {
    kind: "octopus-deploy-api-key",
    description: "Octopus Deploy API key (lower-case form)",
    pattern: /API-[a-z0-9]{32}/,
    accept: hasDigit,
  },
  { kind: "npm-token", description: "npm access token", pattern: /npm_[A-Za-z0-9]{36}/ },
  { kind: "pypi-token", description: "PyPI upload token", pattern: /pypi-AgE[A-Za-z0-9_-]{50,}/ },
  {
    kind: "pypi-token",
    description: "TestPyPI upload token",
    pattern: /pypi-AgENdGVzdC5weXBp[A-Za-z0-9_-]{50,}/,
  },
  { kind: "rubygems-api-key", description: "RubyGems API key", pattern: /rubygems_[a-f0-9]{48}/ },
  { kind: "nuget-api-key", description: "NuGet.org API key", pattern: /oy2[a-z0-9]{43}/ },
  {
    kind: "clojars-token",
    description: "Clojars deploy token",
    pattern: /CLOJARS_[A-Za-z0-9]{60}/,
  },
  {
    kind: "crates-io-token",
    description: "crates.io API token",
    pattern: /cio[A-Za-z0-9]{32}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "docker-token",
    description: "Docker Hub personal access token",
    pattern: /dckr_pat_[A-Za-z0-9_-]{27,}/,
  },
  {
    kind: "docker-token",
    description: "Docker Hub organization access token",
    pattern: /dckr_oat_[A-Za-z0-9_-]{27,}/,
  },
  {
    kind: "sourcegraph-token",
    description: "Sourcegraph access token",
    pattern: /sgp_(?:[a-f0-9]{16}_|local_)?[a-f0-9]{40}/,
  },
  { kind: "readme-api-key", description: "ReadMe API key", pattern: /rdme_[a-z0-9]{70}/ },
  {
    kind: "deno-deploy-token",
    description: "Deno Deploy access token",
    pattern: /dd[pw]_[A-Za-z0-9]{36}/,
    anchor: "dd",
  },
  {
    kind: "dbt-cloud-token",
    description: "dbt Cloud service or personal token",
    pattern: /dbt[cu]_[A-Za-z0-9_-]{40,80}/,
    anchor: "dbt",
  },
  {
    kind: "conduit-api-token",
    description: "Phabricator Conduit API token",
    pattern: /api-[a-z0-9]{28}/,
    accept: hasLetterAndDigit,
  },
  {
    kind: "openshift-user-token",
    description: "OpenShift user token",
    pattern: /sha256~[A-Za-z0-9_-]{43}/,
  },
  {
    kind: "k3s-token",
    description: "k3s cluster join token",
    pattern: /K10[a-f0-9]{64}::(?:server|node):[A-Za-z0-9]{32}/,
  },
  {
    kind: "kubernetes-bootstrap-token",
    description: "Kubernetes bootstrap token in a kubeadm join",
    pattern: /--token[ =]([a-z0-9]{6}\.[a-z0-9]{16})/,
    group: 1,
  },
  {
    kind: "settlemint-token",
    description: "SettleMint personal, application and service tokens",
    pattern: /sm_(?:pat|aat|sat)_[a-f0-9]{16}/,
    anchor: "sm_",
  },
  {
    kind: "gitea-token",
    description: "Gitea/Forgejo token in a remote URL",
    pattern: /https?:\/\/[^\s:@/]{1,64}:([a-f0-9]{40})@/,
    anchor: "http",
    group: 1,
  },

  // ---- Cloud providers ------------------------------------------------------------------
  ...(
    ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"] as const
  ).map((prefix) => ({
    kind: "aws-access-key" as const,
    description: `AWS access key id (${prefix})`,
    pattern: new RegExp(`${prefix}[A-Z0-9]{16}`),
    accept: notAwsExample,
  })),
  {
    kind: "aws-access-key",
    description: "AWS access key id, A3T form",
    pattern: /A3T[A-Z0-9][A-Z0-9]{16}/,
    accept: notAwsExample,
  },
  {
    kind: "aws-session-token",
    description: "AWS STS session token",
    pattern: /(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9+/=]{100,}/,
    anchor: ["IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdz", "FQoGZXIvYXdz"],
  },
  {
    kind: "aws-bedrock-api-key",
    description: "Amazon Bedrock API key",
    pattern: /ABSK[A-Za-z0-9+/]{100,300}={0,2}/,
  },
  {
    kind: "aws-bedrock-api-key",
    description: "Amazon Bedrock short-lived API key",
    // "bedrock.amazonaws.com" in base64; written apart so this file holds no token's start.
    pattern: new RegExp(`${"bedrock-api-key-"}YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&._-]*`),
  },
  {
    kind: "aws-appsync-api-key",
    description: "AWS AppSync API key",
    pattern: /da2-[a-z0-9]{26}/,
    accept: hasLetterAndDigit,
  },
  {
    kind: "amazon-mws-auth-token",
    description: "Amazon MWS auth token",
    pattern: new RegExp(`amzn\\.mws\\.${UUID}`),
  },
  {
    kind: "amazon-lwa-client-secret",
    description: "Login with Amazon client secret",
    pattern: /amzn1\.oa2-cs\.v1\.[a-f0-9]{64}/,
  },
  {
    kind: "google-api-key",
    description: "Google API key (Maps, Gemini, Firebase, …)",
    pattern: /AIza[0-9A-Za-z_-]{35}/,
  },
  {
    kind: "google-oauth-token",
    description: "Google OAuth access token",
    pattern: /ya29\.[0-9A-Za-z_-]{20,}/,
  },
  {
    kind: "google-oauth-client-secret",
    description: "Google OAuth client secret",
    pattern: /GOCSPX-[A-Za-z0-9_-]{28}/,
  },
  {
    kind: "google-oauth-refresh-token",
    description: "Google OAuth refresh token",
    pattern: /1\/\/0[A-Za-z0-9_-]{60,}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "firebase-cloud-messaging-key",
    description: "Firebase Cloud Messaging server key",
    pattern: /AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}/,
    anchor: ":APA91b",
    before: 11,
  },
  {
    kind: "azure-ad-client-secret",
    description: "Microsoft Entra ID (Azure AD) client secret",
    pattern: /[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/,
    anchor: "Q~",
    before: 4,
  },
  {
    kind: "azure-storage-key",
    description: "Azure storage account key (identifiable, +ASt)",
    pattern: /[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==/,
    anchor: "+ASt",
    before: 76,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-cosmosdb-key",
    description: "Azure Cosmos DB key (identifiable, ACDb)",
    pattern: /[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==/,
    anchor: "ACDb",
    before: 76,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-service-bus-key",
    description: "Azure Service Bus key (identifiable, +ASb)",
    pattern: /[A-Za-z0-9+/]{33}\+ASb[A-Za-z0-9+/]{5}=/,
    anchor: "+ASb",
    before: 33,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-event-hubs-key",
    description: "Azure Event Hubs key (identifiable, +AEh)",
    pattern: /[A-Za-z0-9+/]{33}\+AEh[A-Za-z0-9+/]{5}=/,
    anchor: "+AEh",
    before: 33,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-relay-key",
    description: "Azure Relay key (identifiable, +ARm)",
    pattern: /[A-Za-z0-9+/]{33}\+ARm[A-Za-z0-9+/]{5}=/,
    anchor: "+ARm",
    before: 33,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-iot-hub-key",
    description: "Azure IoT Hub key (identifiable, AIoT)",
    pattern: /[A-Za-z0-9+/]{33}AIoT[A-Za-z0-9+/]{5}=/,
    anchor: "AIoT",
    before: 33,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-container-registry-key",
    description: "Azure Container Registry key (identifiable, +ACR)",
    pattern: /[A-Za-z0-9+/]{42}\+ACR[A-Za-z0-9]{6}/,
    anchor: "+ACR",
    before: 42,
    notAfter: "A-Za-z0-9+/",
  },
  {
    kind: "azure-search-key",
    description: "Azure AI Search admin key (identifiable, AzSe)",
    pattern: /[A-Za-z0-9]{42}AzSe[A-Za-z0-9]{6}/,
    anchor: "AzSe",
    before: 42,
  },
  {
    kind: "azure-function-key",
    description: "Azure Functions key (identifiable, AzFu)",
    pattern: /[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==/,
    anchor: "AzFu",
    before: 44,
  },
  {
    kind: "azure-ai-services-key",
    description: "Azure AI services (Cognitive Services, OpenAI) key (JQQJ9 signature)",
    pattern: /[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{26}/,
    anchor: "JQQJ9",
    before: 52,
  },
  {
    kind: "alibaba-access-key",
    description: "Alibaba Cloud AccessKey id",
    pattern: /LTAI[A-Za-z0-9]{12,20}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "tencent-secret-id",
    description: "Tencent Cloud SecretId",
    pattern: /AKID[A-Za-z0-9]{32}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "yandex-static-key",
    description: "Yandex Cloud static access key secret",
    pattern: /YC[A-Za-z0-9_-]{38}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "yandex-api-key",
    description: "Yandex Cloud API key",
    pattern: /AQVN[A-Za-z0-9_-]{35,38}/,
  },
  {
    kind: "yandex-iam-token",
    description: "Yandex Cloud IAM token",
    pattern: /t1\.[A-Za-z0-9_-]{20,}={0,2}\.[A-Za-z0-9_-]{86}={0,2}/,
  },
  {
    kind: "scaleway-access-key",
    description: "Scaleway access key",
    pattern: /SCW[A-Z0-9]{17}/,
    accept: hasDigit,
  },
  {
    kind: "digitalocean-token",
    description: "DigitalOcean personal, OAuth and refresh tokens",
    pattern: /do[por]_v1_[a-f0-9]{64}/,
    anchor: "do",
  },
  {
    kind: "cloudflare-token",
    description: "Cloudflare API, user and account tokens",
    pattern: /cf(?:k|ut|at)_[A-Za-z0-9]{40}[0-9a-f]{8}/,
    anchor: "cf",
  },
  {
    kind: "cloudflare-origin-ca-key",
    description: "Cloudflare Origin CA key",
    pattern: /v1\.0-[a-f0-9]{24}-[a-f0-9]{146}/,
  },
  {
    kind: "cloudflare-tunnel-token",
    description: "Cloudflare Tunnel token (base64 JSON with account, tunnel and secret)",
    pattern: /eyJhIjoi[A-Za-z0-9+/=]{100,}/,
  },
  {
    kind: "akamai-edgegrid-token",
    description: "Akamai EdgeGrid client token or secret",
    pattern: /akab-[a-z0-9]{16}-[a-z0-9]{16}/,
  },
  {
    kind: "heroku-api-key",
    description: "Heroku API key (HRKU-AA form)",
    pattern: /HRKU-AA[A-Za-z0-9_-]{58}/,
  },
  {
    kind: "flyio-token",
    description: "Fly.io access token",
    pattern: /fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3}/,
    anchor: "fm",
  },
  {
    kind: "flyio-token",
    description: "Fly.io OAuth token",
    pattern: /fo1_[A-Za-z0-9_-]{43}/,
  },
  {
    kind: "netlify-token",
    description: "Netlify personal access token",
    pattern: /nfp_[A-Za-z0-9]{36}/,
  },
  { kind: "render-api-key", description: "Render API key", pattern: /rnd_[A-Za-z0-9]{32}/ },
  {
    kind: "vercel-token",
    description: "Vercel personal, integration, app and refresh tokens",
    pattern: /vc[pikar]_[A-Za-z0-9]{20,60}/,
    anchor: "vc",
  },
  {
    kind: "scalingo-api-token",
    description: "Scalingo API token",
    pattern: /tk-us-[A-Za-z0-9_-]{48}/,
  },
  {
    kind: "vault-token",
    description: "HashiCorp Vault service, batch and recovery tokens",
    pattern: /hv[sbr]\.[A-Za-z0-9_-]{24,}/,
    anchor: "hv",
  },
  {
    kind: "doppler-token",
    description: "Doppler personal, service, service account, CLI, SCIM and audit tokens",
    pattern: /dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}/,
  },
  {
    kind: "infisical-token",
    description: "Infisical service token",
    pattern: new RegExp(`st\\.${UUID}\\.[a-f0-9]{32}\\.[a-f0-9]{32}`),
  },
  {
    kind: "onepassword-token",
    description: "1Password service account token",
    pattern: /ops_ey[A-Za-z0-9+/=]{100,}/,
  },
  {
    kind: "onepassword-secret-key",
    description: "1Password account secret key",
    pattern:
      /A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}/,
  },
  {
    kind: "tailscale-key",
    description: "Tailscale auth and API keys",
    pattern: /tskey-[a-z]{2,20}-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60}/,
  },
  {
    kind: "defined-networking-token",
    description: "Defined Networking (Nebula) API token",
    pattern: /dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}/,
  },

  // ---- AI and machine learning ----------------------------------------------------------
  {
    kind: "anthropic-admin-key",
    description: "Anthropic admin API key",
    pattern: /sk-ant-admin01-[A-Za-z0-9_-]{93}AA/,
  },
  {
    kind: "anthropic-api-key",
    description: "Anthropic API key and OAuth tokens",
    pattern: /sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{20,}/,
  },
  {
    kind: "openrouter-api-key",
    description: "OpenRouter API key",
    pattern: /sk-or-v1-[a-f0-9]{64}/,
  },
  {
    kind: "langfuse-secret-key",
    description: "Langfuse secret key",
    pattern: new RegExp(`sk-lf-${UUID}`),
  },
  {
    kind: "openai-api-key",
    description: "OpenAI project, service account and admin keys",
    pattern: /sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/,
    anchor: "sk-",
  },
  {
    kind: "openai-api-key",
    description: "OpenAI user key (T3BlbkFJ marker)",
    pattern: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/,
  },
  { kind: "openai-api-key", description: "OpenAI legacy user key", pattern: /sk-[A-Za-z0-9]{48}/ },
  { kind: "xai-api-key", description: "xAI (Grok) API key", pattern: /xai-[A-Za-z0-9]{80}/ },
  {
    kind: "perplexity-api-key",
    description: "Perplexity API key",
    pattern: /pplx-[A-Za-z0-9]{48}/,
  },
  { kind: "groq-api-key", description: "Groq API key", pattern: /gsk_[A-Za-z0-9]{52}/ },
  {
    kind: "replicate-api-token",
    description: "Replicate API token",
    pattern: /r8_[A-Za-z0-9]{37}/,
    accept: hasDigit,
  },
  {
    kind: "huggingface-token",
    description: "Hugging Face user access token",
    pattern: /hf_[A-Za-z0-9]{34,}/,
  },
  {
    kind: "huggingface-org-token",
    description: "Hugging Face organization API token",
    pattern: /api_org_[A-Za-z]{34}/,
  },
  {
    kind: "fireworks-api-key",
    description: "Fireworks AI API key",
    pattern: /fw_[A-Za-z0-9]{24}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "langsmith-api-key",
    description: "LangSmith personal and service keys",
    pattern: /lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}/,
  },
  {
    kind: "together-api-key",
    description: "Together AI API key",
    pattern: /tgp_v1_[A-Za-z0-9_-]{43}/,
  },
  { kind: "elevenlabs-api-key", description: "ElevenLabs API key", pattern: /sk_[a-f0-9]{48}/ },
  {
    kind: "cerebras-api-key",
    description: "Cerebras API key",
    pattern: /csk-[a-z0-9]{48}/,
    accept: hasLetterAndDigit,
  },
  {
    kind: "pinecone-api-key",
    description: "Pinecone API key",
    pattern: /pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{60,70}/,
  },
  { kind: "anyscale-api-key", description: "Anyscale API key", pattern: /esecret_[A-Za-z0-9]{26}/ },
  { kind: "e2b-api-key", description: "E2B API key", pattern: /e2b_[a-f0-9]{40}/ },
  {
    kind: "nvidia-api-key",
    description: "NVIDIA NGC / build.nvidia.com API key",
    pattern: /nvapi-[A-Za-z0-9_-]{64}/,
  },
  {
    kind: "deepl-api-key",
    description: "DeepL API Free key",
    pattern: new RegExp(`${UUID}:fx`),
    anchor: ":fx",
    before: 36,
  },
  {
    kind: "modal-token-secret",
    description: "Modal token secret",
    pattern: /as-[A-Za-z0-9]{22}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "modal-token-id",
    description: "Modal token id",
    pattern: /ak-[A-Za-z0-9]{22}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "databricks-token",
    description: "Databricks personal access token",
    pattern: /dapi[a-f0-9]{32}(?:-\d)?/,
  },
  {
    kind: "clickhouse-cloud-secret",
    description: "ClickHouse Cloud API secret",
    pattern: /4b1d[A-Za-z0-9]{38}/,
    accept: mixedCaseAndDigit,
  },
  { kind: "xata-api-key", description: "Xata API key", pattern: /xau_[A-Za-z0-9]{32,}/ },

  // ---- Chat, email, SMS and webhooks ----------------------------------------------------
  {
    kind: "slack-token",
    description: "Slack bot, user, app-level, workspace and refresh tokens",
    pattern: /xox[abposre]-[A-Za-z0-9-]{10,}/,
    anchor: "xox",
  },
  {
    kind: "slack-token",
    description: "Slack app-level token",
    pattern: /xapp-\d-[A-Za-z0-9-]{10,}/,
  },
  {
    kind: "slack-config-token",
    description: "Slack configuration access token",
    pattern: /xoxe\.xox[bp]-\d-[A-Za-z0-9]{100,}/,
  },
  {
    kind: "slack-webhook",
    description: "Slack incoming webhook, workflow and trigger URLs (whole URL)",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_+/-]+/,
  },
  {
    kind: "discord-bot-token",
    description: "Discord bot token (base64 user id, timestamp, HMAC)",
    pattern:
      /(?:[MNO][DTjz][AEIMQUYcgk][w-z0-5]){5}[MNO][DTjz](?:[AEIMQUYcgk](?:[w-z0-5](?:[MNO][DTjz])?)?)?\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}/,
    anchor: null,
    notAfter: "\\w-",
  },
  {
    kind: "discord-webhook",
    description: "Discord webhook URL (whole URL)",
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{60,68}/,
    anchor: "https://",
  },
  {
    kind: "telegram-bot-token",
    description: "Telegram bot token (also inside api.telegram.org/bot… URLs)",
    pattern: /\d{5,16}:A[A-Za-z0-9_-]{34}/,
    anchor: ":A",
    before: [5, 16],
    notAfter: "0-9",
  },
  {
    kind: "teams-webhook",
    description: "Microsoft Teams incoming webhook URL (whole URL)",
    pattern: /https:\/\/[A-Za-z0-9-]+\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/-]+/,
    anchor: ".webhook.office.com/webhookb2/",
    before: [9, 72],
  },
  {
    kind: "google-chat-webhook",
    description: "Google Chat webhook URL (whole URL)",
    pattern:
      /https:\/\/chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]+\/messages\?key=[A-Za-z0-9_-]+&token=[A-Za-z0-9_%-]+/,
  },
  {
    kind: "zapier-webhook",
    description: "Zapier catch hook URL (whole URL)",
    pattern: /https:\/\/hooks\.zapier\.com\/hooks\/catch\/\d+\/[a-z0-9]+\/?/,
  },
  {
    kind: "ifttt-webhook-key",
    description: "IFTTT Maker webhook key",
    pattern: /maker\.ifttt\.com\/(?:use|trigger\/[^\s/]+\/with\/key)\/([A-Za-z0-9_-]{22,43})/,
    group: 1,
  },
  {
    kind: "dingtalk-webhook",
    description: "DingTalk robot webhook access token",
    pattern: /oapi\.dingtalk\.com\/robot\/send\?access_token=([a-f0-9]{64})/,
    group: 1,
  },
  {
    kind: "wecom-webhook",
    description: "WeCom (WeChat Work) robot webhook key",
    pattern: new RegExp(`qyapi\\.weixin\\.qq\\.com/cgi-bin/webhook/send\\?key=(${UUID})`),
    group: 1,
  },
  {
    kind: "feishu-webhook",
    description: "Feishu / Lark bot webhook URL",
    pattern: new RegExp(`open\\.(?:feishu\\.cn|larksuite\\.com)/open-apis/bot/v2/hook/(${UUID})`),
    anchor: "open.",
    group: 1,
  },
  {
    kind: "matrix-access-token",
    description: "Matrix (Synapse) access token",
    pattern: /syt_[A-Za-z0-9]+_[A-Za-z0-9]{20}_[A-Za-z0-9]{6}/,
  },
  {
    kind: "twilio-api-key",
    description: "Twilio API key SID",
    pattern: /SK[0-9a-fA-F]{32}/,
    accept: hasLetterAndDigit,
  },
  {
    kind: "telnyx-api-key",
    description: "Telnyx API v2 key",
    pattern: /KEY[0-9A-F]{32}_[A-Za-z0-9]{22}/,
  },
  {
    kind: "sendgrid-key",
    description: "SendGrid API key",
    pattern: /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/,
  },
  {
    kind: "mailgun-api-key",
    description: "Mailgun private API key",
    pattern: /key-[a-f0-9]{32}/,
    accept: hasLetterAndDigit,
  },
  {
    kind: "mailchimp-api-key",
    description: "Mailchimp API key",
    pattern: /[a-f0-9]{32}-us\d{1,2}/,
    anchor: "-us",
    before: 32,
  },
  {
    kind: "mandrill-api-key",
    description: "Mandrill API key",
    pattern: /md-[A-Za-z0-9_-]{22}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "brevo-api-key",
    description: "Brevo (Sendinblue) API key",
    pattern: /xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}/,
  },
  {
    kind: "brevo-smtp-key",
    description: "Brevo (Sendinblue) SMTP key",
    pattern: /xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}/,
  },
  {
    kind: "mailersend-api-token",
    description: "MailerSend API token",
    pattern: /mlsn\.[a-f0-9]{64}/,
  },
  {
    kind: "resend-api-key",
    description: "Resend API key",
    pattern: /re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}/,
    accept: hasDigit,
  },
  { kind: "pubnub-secret-key", description: "PubNub secret key", pattern: /sec-c-[A-Za-z0-9]{48}/ },
  {
    kind: "pubnub-publish-key",
    description: "PubNub publish key",
    pattern: new RegExp(`pub-c-${UUID}`),
  },

  // ---- Payments and commerce ------------------------------------------------------------
  {
    kind: "paystack-secret-key",
    description: "Paystack secret key",
    pattern: /sk_(?:live|test)_[a-f0-9]{40}/,
    anchor: "sk_",
  },
  {
    kind: "stripe-key",
    description: "Stripe secret and restricted keys",
    pattern: /(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,}/,
    anchor: "k_",
    before: 1,
  },
  {
    kind: "stripe-key",
    description: "Stripe webhook signing secret",
    pattern: /whsec_[A-Za-z0-9]{24,}/,
  },
  {
    kind: "square-access-token",
    description: "Square access token",
    pattern: /sq0atp-[A-Za-z0-9_-]{22}/,
  },
  {
    kind: "square-access-token",
    description: "Square production access token",
    pattern: /EAAA[A-Za-z0-9_-]{60}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "square-oauth-secret",
    description: "Square OAuth application secret",
    pattern: /sq0csp-[A-Za-z0-9_-]{43}/,
  },
  {
    kind: "braintree-access-token",
    description: "Braintree / PayPal access token",
    pattern: /access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}/,
  },
  {
    kind: "flutterwave-secret-key",
    description: "Flutterwave secret key",
    pattern: /FLWSECK(?:_TEST)?-[a-h0-9]{32}-X/,
  },
  {
    kind: "flutterwave-encryption-key",
    description: "Flutterwave encryption key",
    pattern: /FLWSECK(?:_TEST)?-[a-h0-9]{12}/,
  },
  {
    kind: "plaid-access-token",
    description: "Plaid access token",
    pattern: new RegExp(`access-(?:sandbox|development|production)-${UUID}`),
  },
  {
    kind: "gocardless-token",
    description: "GoCardless live access token",
    pattern: /live_[A-Za-z0-9_-]{40}/,
    accept: mixedCaseAndDigit,
    notAfter: "\\w-",
  },
  {
    kind: "gocardless-token",
    description: "GoCardless sandbox access token",
    pattern: /sandbox_[A-Za-z0-9_-]{40}/,
    accept: mixedCaseAndDigit,
    notAfter: "\\w-",
  },
  {
    kind: "shippo-api-token",
    description: "Shippo API token",
    pattern: /shippo_(?:live|test)_[a-f0-9]{40}/,
  },
  {
    kind: "easypost-api-key",
    description: "EasyPost production and test API keys",
    pattern: /EZ[AT]K[A-Za-z0-9]{54}/,
    anchor: "EZ",
  },
  {
    kind: "duffel-api-token",
    description: "Duffel API token",
    pattern: /duffel_(?:test|live)_[A-Za-z0-9_=-]{43}/,
  },
  {
    kind: "shopify-token",
    description: "Shopify access, custom app, private app and shared secret tokens",
    pattern: /shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}/,
    anchor: "shp",
  },
  {
    kind: "woocommerce-consumer-secret",
    description: "WooCommerce REST consumer secret",
    pattern: /cs_[a-f0-9]{40}/,
  },
  {
    kind: "woocommerce-consumer-key",
    description: "WooCommerce REST consumer key",
    pattern: /ck_[a-f0-9]{40}/,
  },
  { kind: "aftership-api-key", description: "AfterShip API key", pattern: /asat_[a-f0-9]{32}/ },
  {
    kind: "coinbase-api-key",
    description: "Coinbase App API key name",
    pattern: new RegExp(`organizations/${UUID}/apiKeys/${UUID}`),
  },
  {
    kind: "bitcoin-extended-private-key",
    description: "BIP-32 extended private key (xprv, tprv, yprv, zprv)",
    pattern: /[xtyz]prv[1-9A-HJ-NP-Za-km-z]{100,112}/,
    anchor: "prv",
    before: 1,
  },
  {
    kind: "nostr-private-key",
    description: "Nostr private key (nsec)",
    pattern: /nsec1[02-9ac-hj-np-z]{58}/,
  },
  {
    kind: "stellar-secret-key",
    description: "Stellar secret seed",
    pattern: /S[A-Z2-7]{55}/,
    anchor: null,
    accept: hasDigit,
  },

  // ---- Productivity, CRM and content ----------------------------------------------------
  {
    kind: "linear-api-key",
    description: "Linear API key",
    pattern: /lin_api_[A-Za-z0-9_]{32,128}/,
  },
  {
    kind: "linear-oauth-token",
    description: "Linear OAuth access token",
    pattern: /lin_oauth_[a-f0-9]{64}/,
  },
  {
    kind: "notion-token",
    description: "Notion integration token",
    pattern: /ntn_[0-9]{11}[A-Za-z0-9]{35}/,
  },
  {
    kind: "notion-token",
    description: "Notion integration token, legacy secret_ form",
    pattern: /secret_[A-Za-z0-9]{43}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "airtable-pat",
    description: "Airtable personal access token",
    pattern: /pat[A-Za-z0-9]{14}\.[a-f0-9]{64}/,
  },
  {
    kind: "trello-token",
    description: "Trello / Atlassian API token (ATTA form)",
    pattern: /ATTA[a-f0-9]{64}/,
  },
  {
    kind: "clickup-api-token",
    description: "ClickUp personal API token",
    pattern: /pk_\d{6,10}_[A-Z0-9]{32}/,
  },
  {
    kind: "hubspot-pat",
    description: "HubSpot private app access token",
    pattern: new RegExp(`pat-(?:na|eu|ap)\\d-${UUID}`),
  },
  {
    kind: "salesforce-access-token",
    description: "Salesforce session or access token",
    pattern: /00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{80,120}/,
  },
  {
    kind: "figma-token",
    description: "Figma personal access token",
    pattern: /figd_[A-Za-z0-9_-]{40,200}/,
  },
  {
    kind: "contentful-pat",
    description: "Contentful personal access token",
    pattern: /CFPAT-[A-Za-z0-9_-]{43}/,
  },
  {
    kind: "typeform-api-token",
    description: "Typeform personal token",
    pattern: /tfp_[A-Za-z0-9_.=-]{59}/,
  },
  {
    kind: "dropbox-access-token",
    description: "Dropbox short-lived access token",
    pattern: /sl\.[A-Za-z0-9_-]{130,1000}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "dropbox-long-lived-token",
    description: "Dropbox long-lived access token",
    pattern: /[a-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43}/,
    anchor: "AAAAAAAAAA",
    before: 11,
  },
  {
    kind: "frameio-api-token",
    description: "Frame.io API token",
    pattern: /fio-u-[A-Za-z0-9_=-]{64}/,
  },
  {
    kind: "adobe-client-secret",
    description: "Adobe client secret",
    pattern: /p8e-[A-Za-z0-9_-]{32}/,
    accept: hasDigit,
  },
  {
    kind: "adafruit-io-key",
    description: "Adafruit IO key",
    pattern: /aio_[A-Za-z]{4}[0-9]{2}[A-Za-z0-9]{22}/,
  },
  {
    kind: "mapbox-secret-token",
    description: "Mapbox secret access token",
    pattern: /sk\.eyJ[A-Za-z0-9_-]{40,}\.[A-Za-z0-9_-]{20,}/,
  },
  {
    kind: "maxmind-license-key",
    description: "MaxMind license key",
    pattern: /[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk/,
    anchor: "_mmk",
    before: 36,
  },
  {
    kind: "intra42-client-secret",
    description: "42 intranet client secret",
    pattern: /s-s4t2(?:ud|af)-[a-f0-9]{64}/,
  },
  {
    kind: "authress-service-key",
    description: "Authress service client access key",
    pattern:
      /(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120}/,
    anchor: ".acc",
    before: [10, 45],
  },
  {
    kind: "statsig-server-secret",
    description: "Statsig server secret key",
    pattern: /secret-[A-Za-z0-9]{43}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "posthog-personal-api-key",
    description: "PostHog personal API key",
    pattern: /phx_[A-Za-z0-9]{43}/,
  },
  {
    kind: "segment-token",
    description: "Segment public API token",
    pattern: /sgp_[A-Za-z0-9]{64}/,
  },
  ...(["api", "sdk", "mob"] as const).map((prefix) => ({
    kind: "launchdarkly-key" as const,
    description: `LaunchDarkly ${prefix} key`,
    pattern: new RegExp(`${prefix}-${UUID}`),
    notAfter: "\\w-",
  })),
  { kind: "prefect-api-key", description: "Prefect Cloud API key", pattern: /pnu_[A-Za-z0-9]{36}/ },
  {
    kind: "postman-api-key",
    description: "Postman API key",
    pattern: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}/,
  },
  {
    kind: "lichess-token",
    description: "Lichess API token",
    pattern: /lip_[A-Za-z0-9]{20}/,
    accept: hasLetterAndDigit,
  },
  { kind: "riot-api-key", description: "Riot Games API key", pattern: new RegExp(`RGAPI-${UUID}`) },
  {
    kind: "pinterest-access-token",
    description: "Pinterest access token",
    pattern: /pina_[A-Z0-9]{96}/,
  },
  {
    kind: "vk-access-token",
    description: "VK access token",
    pattern: /vk1\.a\.[A-Za-z0-9_-]{80,}/,
  },
  {
    kind: "facebook-access-token",
    description: "Facebook / Meta Graph API access token",
    pattern: /EAA[BCDGIMZ][A-Za-z0-9]{90,}/,
    accept: mixedCaseAndDigit,
  },
  {
    kind: "instagram-access-token",
    description: "Instagram Graph API access token",
    pattern: /IGQ[VW][A-Za-z0-9_-]{100,}/,
  },
  {
    kind: "twitter-bearer-token",
    description: "Twitter / X app bearer token",
    pattern: /AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,}/,
    accept: (value: string) => value.includes("%"),
  },

  // ---- Databases and data platforms -----------------------------------------------------
  {
    kind: "planetscale-token",
    description: "PlanetScale service token",
    pattern: /pscale_tkn_[A-Za-z0-9_.-]{32,64}/,
  },
  {
    kind: "planetscale-password",
    description: "PlanetScale database password",
    pattern: /pscale_pw_[A-Za-z0-9_.-]{32,64}/,
  },
  {
    kind: "planetscale-oauth-token",
    description: "PlanetScale OAuth token",
    pattern: /pscale_oauth_[A-Za-z0-9_.-]{32,64}/,
  },
  { kind: "neon-api-key", description: "Neon API key", pattern: /napi_[a-z0-9]{64}/ },
  {
    kind: "supabase-token",
    description: "Supabase personal access token",
    pattern: /sbp_[a-f0-9]{40}/,
  },
  {
    kind: "supabase-secret-key",
    description: "Supabase secret API key",
    pattern: /sb_secret_[A-Za-z0-9_-]{31,}/,
  },
  {
    kind: "grafana-token",
    description: "Grafana Cloud access policy token",
    pattern: /glc_[A-Za-z0-9+/]{32,400}={0,2}/,
  },
  {
    kind: "grafana-token",
    description: "Grafana service account token",
    pattern: /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}/,
  },
  {
    kind: "grafana-api-key",
    description: "Grafana legacy API key (base64 JSON with k, n, id)",
    pattern: /eyJrIjoi[A-Za-z0-9+/=]{60,400}/,
  },

  // ---- Observability ----------------------------------------------------------------------
  {
    kind: "sentry-org-token",
    description: "Sentry organization auth token",
    pattern: /sntrys_eyJ[A-Za-z0-9+/=_-]{60,}/,
  },
  {
    kind: "sentry-user-token",
    description: "Sentry user auth token",
    pattern: /sntryu_[a-f0-9]{64}/,
  },
  {
    kind: "sentry-dsn",
    description: "Sentry DSN: its key",
    pattern:
      /https:\/\/([a-f0-9]{32})(?::[a-f0-9]{32})?@[A-Za-z0-9.-]*(?:sentry\.io|ingest\.[A-Za-z0-9.-]+)\/\d+/,
    anchor: "https://",
    group: 1,
  },
  {
    kind: "newrelic-user-api-key",
    description: "New Relic user API key",
    pattern: /NRAK-[A-Za-z0-9]{27}/,
  },
  {
    kind: "newrelic-insert-key",
    description: "New Relic insert key",
    pattern: /NRII-[A-Za-z0-9_-]{32}/,
  },
  {
    kind: "newrelic-browser-key",
    description: "New Relic browser API key",
    pattern: /NRJS-[a-f0-9]{19}/,
  },
  {
    kind: "newrelic-license-key",
    description: "New Relic ingest license key",
    pattern: /[a-f0-9]{36}NRAL/,
    anchor: "NRAL",
    before: 36,
  },
  {
    kind: "dynatrace-token",
    description: "Dynatrace API token",
    pattern: /dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}/,
  },
  {
    kind: "honeycomb-key",
    description: "Honeycomb ingest and configuration keys",
    pattern: /hc[ax][ikm]k_[a-z0-9]{20,70}/,
    anchor: "hc",
  },
  {
    kind: "elastic-cloud-api-key",
    description: "Elastic Cloud API key",
    pattern: /essu_[A-Za-z0-9+/=]{60,}/,
  },
  {
    kind: "axiom-token",
    description: "Axiom API and personal tokens",
    pattern: new RegExp(`xa[ap]t-${UUID}`),
    anchor: "xa",
  },
  {
    kind: "coralogix-key",
    description: "Coralogix send-your-data and API keys",
    pattern: /cxtp_[A-Za-z0-9]{30}/,
  },
] as const satisfies readonly TokenFormat[];

export type TokenKind = (typeof TOKEN_FORMATS)[number]["kind"];
