import { BatonError } from "../../core/errors.ts";
import { isObject, type JsonObject } from "../../core/json-object.ts";
import { BATON_MARKER } from "./hook-command-line.ts";

export interface CommandHook {
  type: "command";
  command: string;
  timeout?: number;
}

/**
 * Claude Code settings with baton's hooks put in: every handler of ours (recognised by the
 * marker in its command) is taken out first, then one matcher group per event is added
 * at the end. Everything else (other hooks, their order, every other setting) is kept
 * as it was, so installing twice changes nothing and uninstalling restores the rest.
 * `where` names the file in errors about a shape Claude Code would not accept either.
 */
export function mergeBatonHooks(
  settings: unknown,
  hooks: Readonly<Record<string, CommandHook>>,
  where: string,
  marker = BATON_MARKER,
): JsonObject {
  const without = removeBatonHooks(settings, where, marker);
  const table = { ...((without.hooks as JsonObject | undefined) ?? {}) };
  for (const [event, handler] of Object.entries(hooks)) {
    const groups = (table[event] as unknown[] | undefined) ?? [];
    table[event] = [...groups, { hooks: [handler] }];
  }
  return { ...without, hooks: table };
}

/** The settings without any handler of baton's; groups and events left empty by that go too. */
export function removeBatonHooks(
  settings: unknown,
  where: string,
  marker = BATON_MARKER,
): JsonObject {
  if (!isObject(settings)) {
    throw new BatonError("schema", `${where}: the settings must be a JSON object`);
  }
  if (settings.hooks === undefined) return settings;
  if (!isObject(settings.hooks)) {
    throw new BatonError("schema", `${where}: "hooks" must be an object of events`);
  }
  const table: JsonObject = {};
  let removed = false;
  for (const [event, groups] of Object.entries(settings.hooks)) {
    if (!Array.isArray(groups)) {
      throw new BatonError("schema", `${where}: "hooks.${event}" must be a list of matcher groups`);
    }
    const kept: unknown[] = [];
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks)) {
        kept.push(group);
        continue;
      }
      const handlers = group.hooks.filter((handler) => !isBatonHandler(handler, marker));
      if (handlers.length !== group.hooks.length) removed = true;
      if (handlers.length === group.hooks.length) kept.push(group);
      else if (handlers.length > 0) kept.push({ ...group, hooks: handlers });
    }
    if (kept.length > 0 || groups.length === 0) table[event] = kept;
  }
  const result: JsonObject = { ...settings, hooks: table };
  if (removed && Object.keys(table).length === 0) delete result.hooks;
  return result;
}

function isBatonHandler(handler: unknown, marker: string): boolean {
  return (
    isObject(handler) && typeof handler.command === "string" && handler.command.includes(marker)
  );
}
