import { afterEach, describe, expect, it } from "vitest";
import {
  OPENCODE_COMPACT_SUMMARY,
  openaiChat,
  SCRIPTED_TITLE,
} from "../support/model-server/openai-chat.ts";
import { callTools, callToolsWithText, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startModelServer>[0]) {
  server = await startModelServer({ adapters: [openaiChat], ...options });
  return server;
}

function post(body: unknown, headers: Record<string, string> = {}) {
  if (!server) throw new Error("server not started");
  return fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

interface Chunk {
  id: string;
  object: string;
  choices: Array<{
    delta: {
      role?: string;
      content?: string;
      tool_calls?: Array<{
        index: number;
        id?: string;
        type?: string;
        function: { name?: string; arguments?: string };
      }>;
    };
    finish_reason: string | null;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Splits a `data:` stream into chunks; returns them and whether it ended with [DONE]. */
function parseStream(text: string): { chunks: Chunk[]; done: boolean } {
  const data = text
    .split("\n\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.replace(/^data: /, ""));
  return {
    chunks: data.filter((d) => d !== "[DONE]").map((d) => JSON.parse(d) as Chunk),
    done: data.at(-1) === "[DONE]",
  };
}

/** Assembles text and tool calls from chunks the way the AI SDK does. */
function assemble(chunks: Chunk[]) {
  let text = "";
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  let finish: string | null = null;
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? "";
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = calls[call.index] ?? { id: "", name: "", arguments: "" };
        calls[call.index] = slot;
        slot.id ||= call.id ?? "";
        slot.name ||= call.function.name ?? "";
        slot.arguments += call.function.arguments ?? "";
      }
      finish = choice.finish_reason ?? finish;
    }
  }
  return { text, calls, finish };
}

const openCodeTurn = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "scripted-model",
  max_tokens: 32000,
  messages: [
    { role: "system", content: "You are opencode, an interactive CLI tool." },
    { role: "user", content: text },
  ],
  tools: [{ type: "function", function: { name: "bash", parameters: { type: "object" } } }],
  tool_choice: "auto",
  stream: true,
  stream_options: { include_usage: true },
  ...extra,
});

describe("OpenAI Chat Completions adapter", () => {
  it("streams text and tool calls whose argument deltas reassemble, then usage and [DONE]", async () => {
    const first = { filePath: "/tmp/a.txt", content: 'line "one"\nline two' };
    const second = { command: "cat /tmp/a.txt", description: "show" };
    await start({
      script: [
        callToolsWithText(
          "Writing it.",
          { name: "write", input: first, id: "call_fixed" },
          { name: "bash", input: second },
        ),
      ],
    });
    const response = await post(openCodeTurn("write a"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const { chunks, done } = parseStream(await response.text());
    expect(done).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const { text, calls, finish } = assemble(chunks);
    expect(text).toBe("Writing it.");
    expect(finish).toBe("tool_calls");
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ["write", first],
      ["bash", second],
    ]);
    expect(calls[0]?.id).toBe("call_fixed");
    expect(calls[1]?.id).toMatch(/^call_/);
    const usage = chunks.at(-1);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage?.total_tokens).toBe(
      (usage?.usage?.prompt_tokens ?? 0) + (usage?.usage?.completion_tokens ?? 0),
    );
    expect(server?.requests[0]).toMatchObject({ api: "openai-chat", side: false, turn: 1 });
  });

  it("ends a text reply with finish_reason stop and sends no usage chunk unless asked", async () => {
    await start({ script: [reply("All done.")] });
    const response = await post(openCodeTurn("finish", { stream_options: undefined }));
    const { chunks } = parseStream(await response.text());
    expect(assemble(chunks)).toEqual({ text: "All done.", calls: [], finish: "stop" });
    expect(chunks.some((c) => c.usage !== undefined)).toBe(false);
  });

  it("answers plain JSON when the request does not stream, with tool calls in the message", async () => {
    await start({ script: [callTools({ name: "bash", input: { command: "ls" }, id: "call_1" })] });
    const response = await post(openCodeTurn("list", { stream: false }));
    expect(await response.json()).toMatchObject({
      object: "chat.completion",
      model: "scripted-model",
      choices: [
        {
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "bash", arguments: '{"command":"ls"}' },
              },
            ],
          },
          finish_reason: "tool_calls",
        },
      ],
    });
  });

  it("answers OpenCode's title request as a side request without consuming the script", async () => {
    await start({ script: [reply("the real turn")] });
    const title = await post({
      model: "scripted-model",
      messages: [
        { role: "system", content: "You are a title generator. You output ONLY a thread title." },
        { role: "user", content: "Generate a title for this conversation:\n" },
      ],
      stream: true,
    });
    expect(assemble(parseStream(await title.text()).chunks).text).toBe(SCRIPTED_TITLE);
    expect(server?.remaining()).toBe(1);
    expect(server?.requests[0]?.side).toBe("title");
  });

  it("answers OpenCode's compaction agent as a side request with a summary", async () => {
    await start({ script: [] });
    const response = await post({
      model: "scripted-model",
      messages: [
        { role: "system", content: "You are a context summarization agent. You are given …" },
        { role: "user", content: "Here is the conversation so far:\n\n<conversation>…" },
      ],
      stream: true,
    });
    expect(assemble(parseStream(await response.text()).chunks).text).toBe(OPENCODE_COMPACT_SUMMARY);
    expect(server?.failures).toEqual([]);
    expect(server?.requests[0]?.side).toBe("compact");
  });

  it("answers the title request with the test's own title when given one", async () => {
    await start({ sideReplies: { title: "Planted title" } });
    const title = await post({
      model: "scripted-model",
      messages: [{ role: "system", content: "You are a title generator." }],
      stream: false,
    });
    const body = (await title.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBe("Planted title");
  });

  it("flattens system, user, assistant tool calls and tool results, and keys the session", async () => {
    await start({ script: [reply("ok")] });
    await post(
      {
        model: "scripted-model",
        messages: [
          { role: "system", content: "SYSTEM-PROMPT" },
          { role: "user", content: [{ type: "text", text: "make the file" }] },
          {
            role: "assistant",
            content: "",
            tool_calls: [
              {
                id: "c1",
                type: "function",
                function: { name: "bash", arguments: '{"command":"ls"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "c1", content: "hi-OUT" },
        ],
      },
      { "x-session-id": "ses_abc" },
    );
    const request = server?.requests[0];
    for (const piece of ["SYSTEM-PROMPT", "make the file", 'bash {"command":"ls"}', "hi-OUT"]) {
      expect(request?.text).toContain(piece);
    }
    expect(request?.sessionId).toBe("ses_abc");
  });

  it("answers an exhausted script with a 400 in the OpenAI error format", async () => {
    await start({ script: [] });
    const response = await post(openCodeTurn("one too many"));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^model-server: script exhausted after 0 turns/);
  });
});
