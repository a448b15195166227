/**
 * The end of a long Claude Code session as the handoff bench plants it (issue 12): an
 * earlier request, then a new one that supersedes it, the test command the model ran for
 * it, and that command failing. The records are shaped like the ones Claude Code 2.1.197
 * wrote in test/fixtures/claude-code/2.1.197/fix-off-by-one: a prompt with a promptId, an
 * assistant message split into a text record and a tool_use record under one message id,
 * and a failed Bash result whose content starts `Exit code 1` with is_error true and whose
 * toolUseResult is the string `Error: Exit code 1…` (not the stdout/stderr object of a
 * command that passed).
 */
export const FAILING_TEST = {
  request:
    "the retry budget test still fails after your edit; make withRetryBudget stop after 3 attempts and re-run only tests/retry.test.ts",
  earlierRequest:
    "Add jitter to the backoff in withRetryBudget so that clients retrying together do not stampede the server.",
  command: "npx vitest run tests/retry.test.ts",
  exitCode: 1,
  testName: "withRetryBudget stops after 3 attempts",
  assertion: "AssertionError: expected 4 to be 3",
} as const;

/** What vitest 3 prints for the failing run, colours off (Claude Code's shell is no TTY). */
const VITEST_OUTPUT = `
 RUN  v3.2.4 /home/bench/project

 ❯ tests/retry.test.ts (4 tests | 1 failed) 14ms
   ✓ withRetryBudget retries a failing call 3ms
   ✓ withRetryBudget returns the first success 1ms
   × ${FAILING_TEST.testName} 7ms
     → expected 4 to be 3 // Object.is equality
   ✓ withRetryBudget waits with jitter between attempts 2ms

⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  tests/retry.test.ts > ${FAILING_TEST.testName}
${FAILING_TEST.assertion} // Object.is equality

- Expected
+ Received

- 3
+ 4

 ❯ tests/retry.test.ts:31:34
     29|     const call = vi.fn().mockRejectedValue(new Error("busy"));
     30|     await expect(withRetryBudget(call, { attempts: 3 })).rejects.toThrow("busy");
     31|     expect(call.mock.calls.length).toBe(3);
       |                                  ^
     32|   });
     33| });

⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/1]⎯

 Test Files  1 failed (1)
      Tests  1 failed | 3 passed (4)
   Start at  10:41:07
   Duration  412ms (transform 61ms, setup 0ms, collect 58ms, tests 14ms, environment 0ms, prepare 88ms)
`;

/** The records, without the envelope the generator adds (session, cwd, time, uuid). */
export function failingTestTail(cwd: string): Record<string, unknown>[] {
  const usage = {
    input_tokens: 9,
    output_tokens: 140,
    cache_read_input_tokens: 52_000,
    cache_creation_input_tokens: 600,
  };
  const assistant = (id: string, content: unknown[], stop: string | null) => ({
    type: "assistant",
    requestId: `req_${id}`,
    message: {
      id,
      type: "message",
      role: "assistant",
      model: "claude-opus-4-8",
      content,
      stop_reason: stop,
      stop_sequence: null,
      usage,
    },
  });
  const prompt = (text: string, promptId: string) => ({
    type: "user",
    promptId,
    permissionMode: "default",
    message: { role: "user", content: text },
  });
  const output = `Exit code ${FAILING_TEST.exitCode}\n${VITEST_OUTPUT}`;
  return [
    prompt(FAILING_TEST.earlierRequest, "p-earlier"),
    assistant(
      "msg_tail_1",
      [
        {
          type: "text",
          text: "I added full jitter to the backoff in src/retry.ts: each wait is now a random delay up to the capped exponential one.",
        },
      ],
      "end_turn",
    ),
    prompt(FAILING_TEST.request, "p-latest"),
    assistant(
      "msg_tail_2",
      [{ type: "text", text: "I'll run the retry tests on their own first." }],
      null,
    ),
    assistant(
      "msg_tail_2",
      [
        {
          type: "tool_use",
          id: "toolu_tail_vitest",
          name: "Bash",
          input: { command: FAILING_TEST.command, description: "Run the retry budget tests" },
        },
      ],
      "tool_use",
    ),
    {
      type: "user",
      promptId: "p-latest",
      message: {
        role: "user",
        content: [
          {
            type: "tool_result",
            content: output,
            is_error: true,
            tool_use_id: "toolu_tail_vitest",
          },
        ],
      },
      toolUseResult: `Error: ${output}`,
      sourceToolAssistantUUID: "msg_tail_2",
      cwd,
    },
  ];
}
