import { constants } from "node:os";
import spawn from "cross-spawn";
import type { LaunchPlan } from "../agents/plan-launch.ts";
import { BatonError } from "../core/errors.ts";

/**
 * Runs the agent in this terminal: stdio inherited (stdin piped only when the prompt goes
 * that way), and its exit code becomes ours. Ctrl-C reaches the agent (it is in the same
 * process group), so baton waits for it instead of exiting under it. cross-spawn, because
 * on Windows the agents are `.cmd` shims that need cmd.exe and its own quoting.
 */
export async function runLaunch(
  plan: LaunchPlan,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<number> {
  const held = process.listeners("SIGINT");
  process.removeAllListeners("SIGINT");
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(plan.command, plan.args, {
        cwd: options.cwd,
        env: options.env,
        stdio: [plan.stdin === null ? "inherit" : "pipe", "inherit", "inherit"],
      });
      child.on("error", (error: NodeJS.ErrnoException) => {
        reject(
          error.code === "ENOENT"
            ? new BatonError(
                "not-found",
                `${plan.command} is not installed or not on PATH; install it, or run "baton continue --dry-run" to see the command`,
              )
            : new BatonError("agent", `could not start ${plan.command}: ${error.message}`),
        );
      });
      child.on("close", (code, signal) => {
        if (code !== null) resolve(code);
        else resolve(128 + (signal ? (constants.signals[signal] ?? 1) : 1));
      });
      if (plan.stdin !== null && child.stdin !== null) {
        // An agent that exits before reading all of it is its own business, not a crash of ours.
        child.stdin.on("error", () => undefined);
        child.stdin.end(plan.stdin);
      }
    });
  } finally {
    process.off("SIGINT", ignore);
    for (const listener of held) process.on("SIGINT", listener as () => void);
  }
}
