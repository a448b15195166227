import { once } from "node:events";
import { createWriteStream } from "node:fs";

/**
 * Writes a Claude Code transcript of about `bytes` bytes, shaped like the real ones
 * recorded under test/fixtures: human prompts, assistant text and tool_use records that
 * share an API message id and repeat its usage, tool results with long outputs, file
 * history snapshots, attachments, and now and then a multi-megabyte inline image. `tail`:
 * records written last, after the size is reached, each in the same envelope (session,
 * cwd, branch, version, a later timestamp and uuid) under its own fields.
 */
export async function generateClaudeTranscript(
  path: string,
  bytes: number,
  cwd: string,
  sessionId: string,
  tail: readonly Record<string, unknown>[] = [],
): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let turn = 0;
  const base = Date.parse("2026-11-01T09:00:00Z");
  const envelope = (i: number) => ({
    sessionId,
    cwd,
    gitBranch: "feat/bench",
    version: "2.1.197",
    userType: "external",
    isSidechain: false,
    timestamp: new Date(base + i * 1000).toISOString(),
    uuid: `u-${i}`,
  });
  const write = async (record: unknown) => {
    const line = `${JSON.stringify(record)}\n`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, "drain");
  };
  const image = "iVBORw0KGgo".repeat(200_000);
  while (written < bytes) {
    turn += 1;
    const i = turn * 10;
    await write({
      ...envelope(i),
      type: "user",
      message: {
        role: "user",
        content: `Step ${turn}: make the parser handle quoted fields and run the tests again.`,
      },
    });
    await write({
      ...envelope(i + 1),
      type: "attachment",
      attachment: { type: "skill_listing", content: "skills…" },
    });
    const messageId = `msg_${turn}`;
    const usage = {
      input_tokens: 12,
      output_tokens: 180,
      cache_read_input_tokens: 14_000,
      cache_creation_input_tokens: 900,
    };
    await write({
      ...envelope(i + 2),
      type: "assistant",
      requestId: `req_${turn}`,
      message: {
        id: messageId,
        role: "assistant",
        model: "claude-opus-4-8",
        content: [{ type: "text", text: "I'll look at the failing case first. ".repeat(8) }],
        usage,
      },
    });
    await write({
      ...envelope(i + 3),
      type: "assistant",
      requestId: `req_${turn}`,
      message: {
        id: messageId,
        role: "assistant",
        model: "claude-opus-4-8",
        content: [
          {
            type: "tool_use",
            id: `toolu_b${turn}`,
            name: "Bash",
            input: { command: "npm test -- --run parser", description: "run the parser tests" },
          },
        ],
        usage,
      },
    });
    const failing = turn % 3 === 0;
    await write({
      ...envelope(i + 4),
      type: "user",
      message: {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: `toolu_b${turn}`,
            is_error: failing,
            content: `${failing ? "Exit code 1\n" : ""}${"  ✓ parses a plain row (3 ms)\n".repeat(60)}${failing ? "AssertionError: expected 'a,\"b' to equal 'a'\n" : ""}`,
          },
        ],
      },
      toolUseResult: { stdout: "…", stderr: "", interrupted: false },
    });
    await write({
      ...envelope(i + 5),
      type: "assistant",
      requestId: `req_${turn}b`,
      message: {
        id: `${messageId}b`,
        role: "assistant",
        model: "claude-opus-4-8",
        content: [
          {
            type: "tool_use",
            id: `toolu_e${turn}`,
            name: "Edit",
            input: {
              file_path: `${cwd}/src/parse.ts`,
              old_string: "split(',')",
              new_string: "splitQuoted(line)",
            },
          },
        ],
        usage,
      },
    });
    await write({
      ...envelope(i + 6),
      type: "user",
      message: {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: `toolu_e${turn}`,
            content: `The file ${cwd}/src/parse.ts has been updated successfully.`,
          },
        ],
      },
      toolUseResult: {
        filePath: `${cwd}/src/parse.ts`,
        oldString: "split(',')",
        newString: "splitQuoted(line)",
        originalFile: "export const parse = …\n".repeat(80),
      },
    });
    await write({
      type: "file-history-snapshot",
      messageId: `m-${turn}`,
      snapshot: {
        messageId: `m-${turn}`,
        trackedFileBackups: {
          [`${cwd}/src/parse.ts`]: {
            backupFileName: `b${turn}`,
            version: turn,
            backupTime: new Date(base).toISOString(),
          },
        },
        timestamp: new Date(base).toISOString(),
      },
      isSnapshotUpdate: false,
    });
    if (turn % 400 === 0) {
      await write({
        ...envelope(i + 7),
        type: "user",
        message: {
          role: "user",
          content: [
            { type: "text", text: "Here is the screenshot." },
            { type: "image", source: { type: "base64", media_type: "image/png", data: image } },
          ],
        },
      });
    }
    await write({
      ...envelope(i + 8),
      type: "assistant",
      requestId: `req_${turn}c`,
      message: {
        id: `${messageId}c`,
        role: "assistant",
        model: "claude-opus-4-8",
        content: [
          { type: "text", text: `Done with step ${turn}. Next I will handle escaped quotes.` },
        ],
        usage,
      },
    });
  }
  for (const [n, record] of tail.entries())
    await write({ ...envelope((turn + 1) * 10 + n), ...record });
  out.end();
  await once(out, "finish");
  return written;
}
