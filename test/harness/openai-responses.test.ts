import { afterEach, describe, expect, it } from "vitest";
import {
  CODEX_COMPACT_SUMMARY,
  customToolCall,
  openaiResponses,
} from "../support/model-server/openai-responses.ts";
import { callTools, callToolsWithText, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startModelServer>[0]) {
  server = await startModelServer({ adapters: [openaiResponses], ...options });
  return server;
}

function post(body: unknown, headers: Record<string, string> = {}) {
  if (!server) throw new Error("server not started");
  return fetch(`${server.url}/v1/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

type Event = { type: string; [key: string]: unknown };

/** Parses an SSE body into its events and checks each `event:` name matches its data type. */
function parseSse(text: string): Event[] {
  return text
    .split("\n\n")
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => {
      const name = /^event: (.*)$/m.exec(chunk)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? "null") as Event;
      expect(data.type).toBe(name);
      return data;
    });
}

const codexTools = [
  { type: "function", name: "exec_command", parameters: { type: "object" } },
  { type: "custom", name: "apply_patch", format: { type: "grammar" } },
];

const userTurn = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-5.5",
  instructions: "INSTRUCTIONS",
  input: [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
  tools: codexTools,
  stream: true,
  ...extra,
});

describe("OpenAI Responses adapter", () => {
  it("streams a message and a function call whose argument deltas reassemble to the input", async () => {
    const input = { cmd: 'echo "quoted"\nsecond line', workdir: "/tmp" };
    await start({
      script: [callToolsWithText("Running it.", { name: "exec_command", input, id: "call_fixed" })],
    });
    const response = await post(userTurn("run it"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await response.text());
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events
      .filter((e) => e.type === "response.function_call_arguments.delta")
      .map((e) => e.delta as string);
    expect(JSON.parse(deltas.join(""))).toEqual(input);
    const completed = events.at(-1)?.response as {
      status: string;
      output: Array<Record<string, unknown>>;
      usage: { input_tokens: number; output_tokens: number; total_tokens: number };
    };
    expect(completed.status).toBe("completed");
    expect(completed.output).toEqual([
      expect.objectContaining({
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "Running it.", annotations: [] }],
      }),
      expect.objectContaining({
        type: "function_call",
        call_id: "call_fixed",
        name: "exec_command",
        arguments: JSON.stringify(input),
      }),
    ]);
    expect(completed.usage.input_tokens).toBeGreaterThan(0);
    expect(completed.usage.total_tokens).toBe(
      completed.usage.input_tokens + completed.usage.output_tokens,
    );
    expect(server?.requests[0]).toMatchObject({ api: "openai-responses", side: false, turn: 1 });
  });

  it("sends tool_search as a tool_search_call when declared, and a namespaced call with its namespace", async () => {
    await start({
      script: [
        callTools({ name: "tool_search", input: { query: "read session" }, id: "call_search" }),
        callTools({ name: "read_session", namespace: "mcp__baton", input: { last: 5 } }),
      ],
    });
    const searching = userTurn("find it", { tools: [...codexTools, { type: "tool_search" }] });
    const first = parseSse(await (await post(searching)).text());
    expect(first.find((e) => e.type === "response.output_item.done")?.item).toEqual(
      expect.objectContaining({
        type: "tool_search_call",
        call_id: "call_search",
        execution: "client",
        arguments: { query: "read session" },
      }),
    );
    const output = {
      type: "tool_search_output",
      call_id: "call_search",
      execution: "client",
      tools: [
        {
          type: "namespace",
          name: "mcp__baton",
          tools: [{ type: "function", name: "read_session" }],
        },
      ],
    };
    const second = parseSse(
      await (
        await post({
          ...searching,
          input: [
            ...searching.input,
            { type: "tool_search_call", arguments: { query: "read session" } },
            output,
          ],
        })
      ).text(),
    );
    expect(second.find((e) => e.type === "response.output_item.done")?.item).toEqual(
      expect.objectContaining({
        type: "function_call",
        namespace: "mcp__baton",
        name: "read_session",
        arguments: JSON.stringify({ last: 5 }),
      }),
    );
    expect(server?.requests[1]?.text).toContain('tool_search found ["mcp__baton.read_session"]');
  });

  it("sends a call of a tool declared as custom as a custom_tool_call with the raw input", async () => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n";
    await start({ script: [callTools(customToolCall("apply_patch", patch))] });
    const events = parseSse(await (await post(userTurn("patch it"))).text());
    const done = events.find((e) => e.type === "response.output_item.done")?.item;
    expect(done).toMatchObject({ type: "custom_tool_call", name: "apply_patch", input: patch });
    expect(events.find((e) => e.type === "response.custom_tool_call_input.done")).toMatchObject({
      input: patch,
    });
  });

  it("fails the request, naming the fix, when a custom tool is scripted without a raw input", async () => {
    await start({ script: [callTools({ name: "apply_patch", input: { patch: "x" } })] });
    const response = await post(userTurn("patch it"));
    expect(response.status).toBe(400);
    expect(server?.failures[0]).toContain("script its call with customToolCall");
  });

  it("answers plain JSON when the request does not stream", async () => {
    await start({ script: [reply("All done.")] });
    const response = await post(userTurn("finish", { stream: false }));
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toMatchObject({
      object: "response",
      status: "completed",
      model: "gpt-5.5",
      output: [{ type: "message", content: [{ type: "output_text", text: "All done." }] }],
    });
  });

  it("answers Codex's compaction prompt as a side request with a summary", async () => {
    await start({ script: [] });
    const prompt =
      "You are performing a CONTEXT CHECKPOINT COMPACTION. Create a handoff summary for another LLM.";
    const events = parseSse(await (await post(userTurn(prompt))).text());
    const text = events.find((e) => e.type === "response.output_text.done")?.text;
    expect(text).toBe(CODEX_COMPACT_SUMMARY);
    expect(server?.failures).toEqual([]);
    expect(server?.requests[0]?.side).toBe("compact");
  });

  it("flattens instructions, messages, calls and their outputs, and keys the session", async () => {
    await start({ script: [reply("ok"), reply("ok")] });
    await post(
      {
        model: "gpt-5.5",
        instructions: "INSTRUCTIONS",
        prompt_cache_key: "thread-from-body",
        input: [
          { type: "message", role: "developer", content: [{ type: "input_text", text: "DEV" }] },
          { type: "message", role: "user", content: [{ type: "input_text", text: "make it" }] },
          { type: "function_call", name: "exec_command", arguments: '{"cmd":"ls"}', call_id: "c1" },
          { type: "function_call_output", call_id: "c1", output: "Output:\nFILE-LIST" },
          {
            type: "custom_tool_call",
            name: "apply_patch",
            input: "*** Begin Patch",
            call_id: "c2",
          },
          { type: "custom_tool_call_output", call_id: "c2", output: "PATCH-OK" },
        ],
      },
      { "session-id": "thread-from-header" },
    );
    await post(userTurn("second", { prompt_cache_key: "thread-from-body" }));
    const text = server?.requests[0]?.text ?? "";
    for (const piece of [
      "INSTRUCTIONS",
      "DEV",
      "make it",
      'exec_command {"cmd":"ls"}',
      "FILE-LIST",
      "apply_patch *** Begin Patch",
      "PATCH-OK",
    ]) {
      expect(text).toContain(piece);
    }
    expect(server?.requests.map((r) => r.sessionId)).toEqual([
      "thread-from-header",
      "thread-from-body",
    ]);
  });

  it("answers an exhausted script with a 400 in the Responses error format", async () => {
    await start({ script: [] });
    const response = await post(userTurn("one too many"));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^model-server: script exhausted after 0 turns/);
    expect(body.error.message).toContain("one too many");
  });
});
