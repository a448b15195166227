import { afterEach, describe, expect, it } from "vitest";
import {
  GEMINI_COMPACT_SUMMARY,
  geminiGenerateContent,
} from "../support/model-server/gemini-generate-content.ts";
import { callToolsWithText, reply } from "../support/model-server/script.ts";
import { type ModelServer, startModelServer } from "../support/model-server/start-model-server.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOOLS = [{ functionDeclarations: [{ name: "run_shell_command" }] }];

function post(action: string, body: unknown, query = "") {
  if (!server) throw new Error("server not started");
  return fetch(`${server.url}/v1beta/models/gemini-2.5-pro:${action}${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

interface Candidate {
  content: {
    role: string;
    parts: Array<{ text?: string; functionCall?: { name: string; args: unknown } }>;
  };
  finishReason?: string;
}

describe("the Gemini API adapter", () => {
  it("streams a turn as SSE: text in two chunks, the function call whole, usage at the end", async () => {
    server = await startModelServer({
      adapters: [geminiGenerateContent],
      script: [
        callToolsWithText("Running it.", { name: "run_shell_command", input: { command: "ls" } }),
      ],
    });
    const response = await post(
      "streamGenerateContent",
      { contents: [{ role: "user", parts: [{ text: "list files" }] }], tools: TOOLS },
      "?alt=sse",
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text())
      .split("\r\n\r\n")
      .filter(Boolean)
      .map(
        (event) =>
          JSON.parse(event.replace(/^data: /, "")) as {
            candidates: Candidate[];
            usageMetadata?: { promptTokenCount: number };
          },
      );
    expect(events).toHaveLength(2);
    const parts = events.flatMap((event) => event.candidates[0]?.content.parts ?? []);
    expect(parts.map((part) => part.text ?? "").join("")).toBe("Running it.");
    expect(parts.find((part) => part.functionCall)?.functionCall).toEqual({
      name: "run_shell_command",
      args: { command: "ls" },
    });
    expect(events.at(-1)?.candidates[0]?.finishReason).toBe("STOP");
    expect(events.at(-1)?.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    expect(server.requests[0]).toMatchObject({
      api: "gemini-generate-content",
      side: false,
      turn: 1,
    });
    expect(server.requests[0]?.text).toContain("list files");
  });

  it("answers generateContent with one JSON response, and side requests without the script", async () => {
    server = await startModelServer({
      adapters: [geminiGenerateContent],
      script: [reply("Done.")],
    });
    const counted = (await (await post("countTokens", { contents: [] })).json()) as {
      totalTokens: number;
    };
    expect(counted.totalTokens).toBeGreaterThan(0);
    const compress = (await (
      await post("generateContent", {
        systemInstruction: { parts: [{ text: "Summarize into a <state_snapshot>." }] },
        contents: [{ role: "user", parts: [{ text: "history" }] }],
      })
    ).json()) as { candidates: Candidate[] };
    expect(compress.candidates[0]?.content.parts[0]?.text).toBe(GEMINI_COMPACT_SUMMARY);
    const turn = (await (
      await post("generateContent", {
        contents: [{ role: "user", parts: [{ text: "go" }] }],
        tools: TOOLS,
      })
    ).json()) as { candidates: Candidate[] };
    expect(turn.candidates[0]?.content.parts[0]?.text).toBe("Done.");
    expect(server.requests.map((request) => request.side)).toEqual([
      "count_tokens",
      "compact",
      false,
    ]);
    const exhausted = await post("generateContent", { contents: [], tools: TOOLS });
    expect(exhausted.status).toBe(400);
    expect(((await exhausted.json()) as { error: { message: string } }).error.message).toMatch(
      /^model-server: script exhausted/,
    );
  });
});
