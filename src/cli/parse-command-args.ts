import { type ParseArgsConfig, parseArgs } from "node:util";
import { BatonError } from "../core/errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Strict parsing: an unknown flag, a missing value or a surplus argument is a usage
 * error (exit 2) in one line that points to the command's help.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  args: string[],
  options: O,
  maxPositionals: number,
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BatonError("usage", `${usageMessage(error)} (see "baton ${command} --help")`);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new BatonError("usage", `unexpected argument "${extra}" (see "baton ${command} --help")`);
  }
  return parsed;
}

/** Node's messages run to several sentences with advice that does not fit our CLI. */
function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    if (/ambiguous/.test(message)) {
      return `option ${option} needs a value (write ${option}=VALUE for one starting with "-")`;
    }
    return /argument missing/.test(message)
      ? `option ${option} needs a value`
      : `option ${option} does not take a value`;
  }
  return message.split(". ")[0] ?? message;
}

/** A value from a fixed set, or a usage error naming the choices. */
export function parseChoice<const T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new BatonError("usage", `--${flag} must be one of ${choices.join(", ")}, not "${value}"`);
}

export function parsePositiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) {
    throw new BatonError("usage", `--${flag} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}
