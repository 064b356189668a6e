import type { BaseMessage } from "@langchain/core/messages";
import type { RoleModel } from "./factory.js";
import type { ModelUsage } from "./usage.js";

/** A model call that failed: transport error, HTTP error, timeout or empty reply. */
export class ModelCallError extends Error {
  override readonly name = "ModelCallError";
}

/** One model reply and its cost. */
export interface ModelReply {
  /** The reply text. */
  text: string;
  /** Tokens and time of the call. */
  usage: ModelUsage;
}

/** Calls a role's model with chat messages (chat models) or one prompt string (text models). */
export async function callModel(
  target: RoleModel,
  prompt: BaseMessage[] | string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ModelReply> {
  const started = Date.now();
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  try {
    if (target.kind === "chat") {
      const messages = typeof prompt === "string" ? [{ role: "user", content: prompt }] : prompt;
      const reply = await target.model.invoke(messages, { signal });
      return {
        text: reply.text,
        usage: usage(target, started, reply.usage_metadata?.input_tokens, reply.usage_metadata?.output_tokens),
      };
    }
    const text = typeof prompt === "string" ? prompt : prompt.map((m) => m.text).join("\n\n");
    const result = await target.model.generate([text], { signal });
    const tokens = (result.llmOutput?.tokenUsage ?? {}) as { promptTokens?: number; completionTokens?: number };
    return {
      text: result.generations[0]?.[0]?.text ?? "",
      usage: usage(target, started, tokens.promptTokens, tokens.completionTokens),
    };
  } catch (error) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const timedOut = signal.aborted && !options.signal?.aborted;
    const cause = error instanceof Error ? error.message : String(error);
    throw new ModelCallError(
      timedOut
        ? `model call for role ${target.role} (model ${target.name}) timed out after ${seconds}s`
        : `model call for role ${target.role} (model ${target.name}) failed after ${seconds}s: ${cause}`,
      { cause: error },
    );
  }
}

function usage(target: RoleModel, started: number, input?: number, output?: number): ModelUsage {
  return { role: target.role, model: target.name, inputTokens: input ?? 0, outputTokens: output ?? 0, ms: Date.now() - started };
}
