import { afterEach, describe, expect, it } from "vitest";
import { callToolsWithText, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  if (!server) throw new Error("server not started");
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Parses an SSE body into its events, the way an SDK client would. */
function parseSse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split("\n\n")
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? "null");
      return { event, data };
    });
}

const userTurn = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "claude-sonnet-4-5",
  max_tokens: 1024,
  system: [{ type: "text", text: "You are a scripted test." }],
  messages: [{ role: "user", content: [{ type: "text", text }] }],
  ...extra,
});

describe("Anthropic Messages adapter", () => {
  it("streams text and tool_use blocks with input_json_delta that reassembles to the input", async () => {
    const input = { file_path: "/tmp/x.txt", content: 'line "one"\nline two' };
    server = await startModelServer({
      script: [callToolsWithText("Writing it.", { name: "Write", input, id: "toolu_fixed" })],
    });
    const response = await post("/v1/messages?beta=true", userTurn("write x", { stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await response.text());
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const toolStart = events[4]?.data.content_block as Record<string, unknown>;
    expect(toolStart).toMatchObject({ type: "tool_use", id: "toolu_fixed", name: "Write" });
    const partial = events
      .filter((e) => (e.data.delta as { type?: string } | undefined)?.type === "input_json_delta")
      .map((e) => (e.data.delta as { partial_json: string }).partial_json)
      .join("");
    expect(JSON.parse(partial)).toEqual(input);
    const delta = events[8]?.data as {
      delta: { stop_reason: string };
      usage: { output_tokens: number };
    };
    expect(delta.delta.stop_reason).toBe("tool_use");
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
    expect(server.requests[0]).toMatchObject({ api: "anthropic-messages", side: false, turn: 1 });
  });

  it("answers plain JSON when the request does not stream, ending the turn on a text reply", async () => {
    server = await startModelServer({ script: [reply("All done.")] });
    const response = await post("/v1/messages", userTurn("finish"));
    const message = (await response.json()) as Record<string, unknown>;
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [{ type: "text", text: "All done." }],
      stop_reason: "end_turn",
    });
    expect((message.usage as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    expect(server.remaining()).toBe(0);
  });

  it("answers side requests without consuming the script and records them as side", async () => {
    server = await startModelServer({ script: [reply("the real turn")] });
    const counted = await post("/v1/messages/count_tokens", userTurn("count me"));
    expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    const quota = await post("/v1/messages", {
      model: "claude-sonnet-4-5",
      max_tokens: 1,
      messages: [{ role: "user", content: "quota" }],
    });
    expect(quota.status).toBe(200);
    const title = await post("/v1/messages", userTurn("title this", { model: "claude-haiku-4-5" }));
    expect(title.status).toBe(200);
    expect(server.remaining()).toBe(1);
    expect(server.requests.map((r) => r.side)).toEqual(["count_tokens", "quota", "haiku"]);
    const real = await post("/v1/messages", userTurn("now the turn"));
    expect(((await real.json()) as { content: Array<{ text: string }> }).content[0]?.text).toBe(
      "the real turn",
    );
    expect(server.turnRequests().map((r) => r.text)).toEqual([
      expect.stringContaining("now the turn"),
    ]);
  });

  it("answers a compaction request with a summary without consuming the script", async () => {
    server = await startModelServer({ script: [] });
    const response = await post(
      "/v1/messages",
      userTurn("Your task is to create a detailed summary of the conversation so far"),
    );
    const message = (await response.json()) as { content: Array<{ text: string }> };
    expect(message.content[0]?.text).toContain("<summary>");
    expect(server.failures).toEqual([]);
    expect(server.requests[0]?.side).toBe("compact");
  });

  it("answers a side request with the test's own reply when given one", async () => {
    server = await startModelServer({ sideReplies: { compact: "<summary>planted</summary>" } });
    const response = await post(
      "/v1/messages",
      userTurn("Your task is to create a detailed summary of the conversation so far"),
    );
    const message = (await response.json()) as { content: Array<{ text: string }> };
    expect(message.content[0]?.text).toBe("<summary>planted</summary>");
  });

  it("flattens system, user text, tool calls and tool results into the recorded text", async () => {
    server = await startModelServer({ script: [reply("ok")] });
    await post("/v1/messages", {
      model: "claude-sonnet-4-5",
      max_tokens: 100,
      system: "SYSTEM-PROMPT",
      messages: [
        { role: "user", content: "make the file" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "echo hi" } }],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "hi-OUT" }] },
          ],
        },
      ],
    });
    const text = server.requests[0]?.text ?? "";
    for (const piece of [
      "SYSTEM-PROMPT",
      "make the file",
      'Bash {"command":"echo hi"}',
      "hi-OUT",
    ]) {
      expect(text).toContain(piece);
    }
  });
});

describe("model server core", () => {
  it("fails clearly and at once when the script is exhausted, and records the failure", async () => {
    server = await startModelServer({ script: [reply("only turn")] });
    await post("/v1/messages", userTurn("first"));
    const response = await post("/v1/messages", userTurn("second, unexpected", { stream: true }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { message: string } };
    expect(body.type).toBe("error");
    expect(body.error.message).toMatch(
      /^model-server: script exhausted after 1 turns; request: POST/,
    );
    expect(body.error.message).toContain("second, unexpected");
    expect(server.failures).toHaveLength(1);
    expect(server.requests[1]?.failure).toBe(server.failures[0]);
    expect(() => server?.assertNoFailures()).toThrow(/script exhausted/);
  });

  it("answers unknown paths with a 404 that names the request, and records it", async () => {
    server = await startModelServer({ script: [] });
    const response = await post("/v2/unknown", {});
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("model-server: no adapter for POST /v2/unknown");
    expect(server.requests[0]).toMatchObject({ api: "unmatched", path: "/v2/unknown" });
  });

  it("keeps separate scripts per conversation keyed by the session header", async () => {
    server = await startModelServer({
      script: [reply("default conversation")],
      scripts: { "session-b": [reply("conversation b")] },
    });
    const b = await post("/v1/messages", userTurn("hi"), { "x-session-id": "session-b" });
    const other = await post("/v1/messages", userTurn("hi"), { "x-session-id": "session-a" });
    const textOf = async (r: Response) =>
      ((await r.json()) as { content: Array<{ text: string }> }).content[0]?.text;
    expect(await textOf(b)).toBe("conversation b");
    expect(await textOf(other)).toBe("default conversation");
    expect(server.requests.map((r) => [r.sessionId, r.conversation])).toEqual([
      ["session-b", "session-b"],
      ["session-a", "default"],
    ]);
    expect(server.remaining("session-b")).toBe(0);
  });

  it("keys Claude Code's conversations by its session header or, failing that, its metadata", async () => {
    const id = "d5c39399-4ad9-45d6-9675-098fab186b15";
    server = await startModelServer({ scripts: { [id]: [reply("a"), reply("b"), reply("c")] } });
    await post("/v1/messages", userTurn("hi"), { "x-claude-code-session-id": id });
    const metadata = { device_id: "dev", account_uuid: "", session_id: id };
    await post("/v1/messages", userTurn("hi", { metadata: { user_id: JSON.stringify(metadata) } }));
    await post(
      "/v1/messages",
      userTurn("hi", { metadata: { user_id: `user_ab_account__session_${id}` } }),
    );
    expect(server.requests.map((r) => [r.sessionId, r.conversation, r.turn])).toEqual([
      [id, id, 1],
      [id, id, 2],
      [id, id, 3],
    ]);
  });

  it("listens on a free loopback port per server and closes promptly", async () => {
    const first = await startModelServer();
    const second = await startModelServer();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.port).not.toBe(second.port);
    await Promise.all([first.close(), second.close()]);
    await expect(fetch(`${first.url}/v1/messages`, { method: "POST" })).rejects.toThrow();
  });
});
