import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { BatonError } from "../core/errors.ts";
import { locateRepo } from "../git/locate-repo.ts";
import {
  acceptRepositoryList,
  addTrustedSigner,
  removeTrustedSigner,
} from "../safety/edit-trust.ts";
import { loadMachineKey } from "../safety/machine-key.ts";
import { parseSignerLine, signerLine } from "../safety/signer-key.ts";
import { readTrustSet, repositorySignersPath, userSignersPath } from "../safety/trust-store.ts";
import { sharedRoot } from "../store/shared-root.ts";
import type { CliIo } from "./cli-io.ts";
import type { Command } from "./command.ts";
import { commandHelp, HELP_OPTION, type OptionTable, VERBOSE_OPTION } from "./command-options.ts";
import { displayPath } from "./display-path.ts";
import { say, writeData, writeJson } from "./output.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const OPTIONS = {
  repo: {
    type: "boolean",
    description: `add to or remove from the repository's list (.baton/trusted-signers, to commit) instead of yours`,
  },
  name: { type: "string", value: "NAME", description: `who the key belongs to (add)` },
  json: { type: "boolean", description: `print {schemaVersion, ...} (show, list)` },
  help: HELP_OPTION,
  verbose: VERBOSE_OPTION,
} as const satisfies OptionTable;

const HELP = commandHelp({
  examples: [
    `baton trust show`,
    `baton trust add "ed25519 AAAAC3Nza... alice@laptop"`,
    `baton trust add --repo "ed25519 AAAAC3Nza..." --name alice`,
    `baton trust list`,
    `baton trust remove alice@laptop`,
    `baton trust accept`,
  ],
  usage: `baton trust [show|add KEY|list|remove KEY-OR-NAME|accept] [options]`,
  about: `Decides whose handoffs are injected into sessions automatically. Every handoff baton writes
is signed by this machine's key (made on first use under $XDG_CONFIG_HOME/baton, else
~/.config/baton). Hooks and plugins inject only handoffs signed by a trusted key: this
machine's, one in your list, or one in the repository's list once you accepted it. Any
other handoff (unsigned, signed by an unknown key, edited after signing) is never
injected: the session is told in one line that it waits, and "baton show" says who
signed it.

show prints this machine's key, the line a teammate passes to "baton trust add".
add trusts a key; list shows every key and whether it is trusted; remove forgets one
(by name or fingerprint). accept trusts the repository's list as it now reads: anyone
who can commit can edit that file, so a changed list is trusted only once you accept it
again (adding or removing with --repo accepts what you wrote).`,
  options: OPTIONS,
});

export const trustCommand: Command = {
  name: "trust",
  summary: "show this machine's key, and trust or forget other signers",
  help: HELP,
  run: runTrust,
};

const ACTIONS = ["show", "add", "list", "remove", "accept"] as const;

async function runTrust(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("trust", args, OPTIONS, 8);
  const [action = "show", ...rest] = positionals;
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new BatonError(
      "usage",
      `unknown action "${action}"; expected one of ${ACTIONS.join(", ")} (see "baton trust --help")`,
    );
  }
  const root = sharedRoot(locateRepo(io.cwd).root);
  const listPath = values.repo ? repositorySignersPath(root) : userSignersPath(io.env);
  switch (action) {
    case "show": {
      const key = await loadMachineKey(io.env);
      const line = signerLine(key, ownName(io));
      if (values.json) {
        writeJson(io, { fingerprint: key.fingerprint, publicKey: key.publicKey, line });
      } else {
        writeData(io, line);
        say(io, `baton: this machine's key ${key.fingerprint} (${displayPath(key.path, io.cwd)})`);
        say(io, `baton: a teammate trusts it with: baton trust add "${line}"`);
      }
      return 0;
    }
    case "add": {
      const text = rest.join(" ").trim();
      if (text === "")
        throw new BatonError("usage", `baton trust add needs a key (from "baton trust show")`);
      const parsed = parseSignerLine(text.startsWith("ed25519") ? text : `ed25519 ${text}`);
      const name = values.name?.trim() || parsed.name;
      const written = await addTrustedSigner(listPath, parsed, name);
      if (values.repo) await acceptRepositoryList(io.env, root, written);
      say(
        io,
        `baton: trusted ${name ?? parsed.fingerprint} (${parsed.fingerprint}) in ${displayPath(listPath, io.cwd)}`,
      );
      if (values.repo)
        say(io, `baton: commit ${displayPath(listPath, io.cwd)} so your team shares it`);
      return 0;
    }
    case "remove": {
      const which = rest.join(" ").trim();
      if (which === "")
        throw new BatonError("usage", `baton trust remove needs a name or fingerprint`);
      const { text, removed } = await removeTrustedSigner(listPath, which);
      if (values.repo) await acceptRepositoryList(io.env, root, text);
      say(
        io,
        `baton: removed ${removed} key${removed === 1 ? "" : "s"} from ${displayPath(listPath, io.cwd)}`,
      );
      return 0;
    }
    case "accept": {
      const path = repositorySignersPath(root);
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        throw new BatonError(
          "not-found",
          `this repository has no list of signers (${displayPath(path, io.cwd)})`,
        );
      }
      await acceptRepositoryList(io.env, root, text);
      const trust = readTrustSet(io.env, root);
      say(
        io,
        `baton: accepted ${trust.repository.length} key(s) of ${displayPath(path, io.cwd)} as it now reads`,
      );
      return 0;
    }
    default:
      return listTrust(io, root, values.json === true);
  }
}

function listTrust(io: CliIo, root: string, json: boolean): number {
  const trust = readTrustSet(io.env, root);
  const rows = [
    ...(trust.local === null
      ? []
      : [
          {
            from: "this machine",
            name: ownName(io),
            fingerprint: trust.local.fingerprint,
            trusted: true,
          },
        ]),
    ...trust.user.map((s) => ({
      from: "your list",
      name: s.name,
      fingerprint: s.fingerprint,
      trusted: true,
    })),
    ...trust.repository.map((s) => ({
      from: "repository",
      name: s.name,
      fingerprint: s.fingerprint,
      trusted: trust.repositoryAccepted,
    })),
  ];
  if (json) {
    writeJson(io, {
      keys: rows,
      repositoryAccepted: trust.repositoryAccepted,
      problems: trust.problems,
    });
  } else {
    const lines = rows.map(
      (row) =>
        `${row.trusted ? "trusted  " : "untrusted"}  ${row.fingerprint}  ${row.from}${row.name === null ? "" : `  ${row.name}`}`,
    );
    writeData(
      io,
      lines.length === 0
        ? 'no keys yet (this machine\'s is made with its first handoff, or by "baton trust show")'
        : lines.join("\n"),
    );
    if (trust.repository.length > 0 && !trust.repositoryAccepted) {
      say(
        io,
        `baton: the repository's list (${displayPath(trust.repositoryPath, io.cwd)}) is not accepted as it reads now; review it, then "baton trust accept"`,
      );
    }
  }
  for (const problem of trust.problems) say(io, `baton: ${problem}`);
  return 0;
}

function ownName(io: CliIo): string {
  let user = io.env.USER ?? io.env.LOGNAME;
  try {
    user ??= userInfo().username;
  } catch {
    user ??= "baton";
  }
  return `${user}@${hostname()}`;
}
