import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.ts";
import { COMMANDS, runCli } from "../../src/cli/run-cli.ts";
import { makeTempRepo, type TempRepo } from "../support/temp-repo.ts";
import { PROJECT_ROOT, runInProcess } from "./run-baton.ts";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const made of repos.splice(0)) made.cleanup();
});
function repo() {
  const r = makeTempRepo();
  repos.push(r);
  return r;
}

const version = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).version;

describe("the baton shell", () => {
  it("--version and -V print the package version on stdout", async () => {
    for (const flag of ["--version", "-V"]) {
      const run = await runInProcess([flag], { cwd: PROJECT_ROOT });
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });

  it("--help starts with examples and lists every command", async () => {
    const run = await runInProcess(["--help"], { cwd: PROJECT_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[2]).toBe("Examples:");
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name} `);
    expect((await runInProcess(["help"], { cwd: PROJECT_ROOT })).stdout).toBe(run.stdout);
  });

  it("every command's help starts with examples, by --help, -h or 'help <command>'", async () => {
    for (const command of COMMANDS) {
      for (const args of [
        [command.name, "--help"],
        [command.name, "-h"],
        ["help", command.name],
      ]) {
        const run = await runInProcess(args, { cwd: PROJECT_ROOT });
        expect(run.code, args.join(" ")).toBe(0);
        expect(run.stdout.startsWith(`Examples:\n  baton ${command.name}`), args.join(" ")).toBe(
          true,
        );
        expect(run.stdout).toContain(`Usage: baton ${command.name}`);
      }
    }
  });

  it("the shell's table matches the commands it loads", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
    }
  });

  it("--help wins over bad flags", async () => {
    const run = await runInProcess(["create", "--bogus", "--help"], { cwd: PROJECT_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: baton create");
  });

  it("no command: the help on stderr and exit 2", async () => {
    const run = await runInProcess([], { cwd: PROJECT_ROOT });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Usage: baton <command>");
  });

  it("usage errors are one line on stderr with a hint, exit 2", async () => {
    const r = repo();
    const cases: Array<[string[], string]> = [
      [
        ["frobnicate"],
        `baton: unknown command "frobnicate"; the commands are ${COMMANDS.map((c) => c.name).join(", ")} (see "baton --help")`,
      ],
      [["--frob"], 'baton: unknown option --frob (see "baton --help")'],
      [["list", "--frob"], 'baton: unknown option --frob (see "baton list --help")'],
      [["list", "-x"], 'baton: unknown option -x (see "baton list --help")'],
      [["create", "--goal"], 'baton: option --goal needs a value (see "baton create --help")'],
      [
        ["list", "--json=yes"],
        'baton: option --json does not take a value (see "baton list --help")',
      ],
      [
        ["create", "--topic", "--json"],
        'baton: option --topic needs a value (write --topic=VALUE for one starting with "-") (see "baton create --help")',
      ],
      [["list", "extra"], 'baton: unexpected argument "extra" (see "baton list --help")'],
      [["ack", "a", "b"], 'baton: unexpected argument "b" (see "baton ack --help")'],
    ];
    for (const [args, message] of cases) {
      const run = await runInProcess(args, { cwd: r.dir });
      expect(run, args.join(" ")).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
    }
  });

  it("an unexpected error names itself as a bug with where to report it; --verbose adds the stack", async () => {
    const r = repo();
    const run = async (args: string[]) => {
      const stderr = new PassThrough();
      const err: Buffer[] = [];
      stderr.on("data", (chunk: Buffer) => err.push(chunk));
      // A stdout that fails the way no command expects: the shell must still answer cleanly.
      const stdout = new PassThrough();
      stdout.write = () => {
        throw new TypeError("stdout exploded");
      };
      const io: CliIo = {
        stdout,
        stderr,
        stdin: Readable.from([]),
        env: {},
        cwd: r.dir,
        now: () => new Date(),
        pid: 1,
      };
      const code = await runCli(args, io);
      return { code, stderr: Buffer.concat(err).toString("utf8") };
    };
    const plain = await run(["--version"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(
      /^baton: unexpected error: stdout exploded — please report it at (https:\/\/\S+|the agent-baton issue tracker)\n\(run again with --verbose for the stack\)\n$/,
    );
    const verbose = await run(["--version", "--verbose"]);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^baton: unexpected error: stdout exploded/);
    expect(verbose.stderr).toContain("TypeError: stdout exploded\n    at ");
  });

  it("colour only on a terminal, and never with NO_COLOR", async () => {
    const r = repo();
    r.write("docs/handoffs/broken.md", "not a handoff\n");
    const tty = await runInProcess(["list"], { cwd: r.dir, tty: true });
    expect(tty.stderr).toContain("\u001b[33mbaton: warning:\u001b[0m");
    const noColor = await runInProcess(["list"], { cwd: r.dir, tty: true, env: { NO_COLOR: "1" } });
    expect(noColor.stderr).toMatch(/^baton: warning: /);
    expect(noColor.stderr).not.toContain("\u001b[");
    const pipe = await runInProcess(["list"], { cwd: r.dir });
    expect(pipe.stderr).not.toContain("\u001b[");
    // An empty NO_COLOR does not count, as no-color.org says.
    const empty = await runInProcess(["list"], { cwd: r.dir, tty: true, env: { NO_COLOR: "" } });
    expect(empty.stderr).toContain("\u001b[33m");
  });
});
