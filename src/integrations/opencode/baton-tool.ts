import type { ToolContext } from "@opencode-ai/plugin";
import type { z } from "zod";

/**
 * A tool in the shape OpenCode's `tool()` helper returns, built on our own zod 4: OpenCode
 * 1.18 reads `args` as a zod 4 raw shape from any zod 4 copy (zod 3 breaks its listing), so
 * the plugin needs no runtime import of `@opencode-ai/plugin`.
 */
export interface BatonTool<Shape extends z.ZodRawShape> {
  description: string;
  args: Shape;
  execute(args: z.infer<z.ZodObject<Shape>>, context: ToolContext): Promise<string>;
}

export function defineTool<Shape extends z.ZodRawShape>(tool: BatonTool<Shape>): BatonTool<Shape> {
  return tool;
}
