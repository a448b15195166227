#!/bin/sh
# baton's Claude Code hook, as the plugin runs it: `baton-hook.sh <Event>`.
# Finds the baton on PATH and runs its light hook entry (dist/cli/hook-main.js beside the
# CLI) with the event's stdin, else `baton hook`. Never fails the session: without baton,
# it says so in baton's hook log and exits 0.
event="$1"
log_dir="${XDG_STATE_HOME:-$HOME/.local/state}/baton"
baton_bin="${BATON_BIN:-$(command -v baton 2>/dev/null)}"
if [ -z "$baton_bin" ]; then
  mkdir -p "$log_dir" 2>/dev/null &&
    printf '%s claude-code %s: baton is not on PATH (npm install -g agent-baton)\n' \
      "$(date -u +%Y-%m-%dT%TZ)" "$event" >>"$log_dir/hooks.log" 2>/dev/null
  exit 0
fi
main="$(readlink -f "$baton_bin" 2>/dev/null || printf '%s' "$baton_bin")"
hook_main="$(dirname "$main")/hook-main.js"
if [ -f "$hook_main" ] && command -v node >/dev/null 2>&1; then
  node "$hook_main" claude-code "$event"
else
  "$baton_bin" hook claude-code "$event"
fi
status=$?
if [ "$status" -ne 0 ]; then
  mkdir -p "$log_dir" 2>/dev/null &&
    printf '%s claude-code %s: baton did not run (exit %s): %s\n' \
      "$(date -u +%Y-%m-%dT%TZ)" "$event" "$status" "$baton_bin" >>"$log_dir/hooks.log" 2>/dev/null
fi
exit 0
