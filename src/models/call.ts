import type { BaseMessage } from "@langchain/core/messages";
import type { RoleModel } from "./factory.js";
import { StepError } from "./step-error.js";
import { httpStatusOf, transportErrorIn, withCapture, type CallCapture } from "./transport.js";
import { costOf, type ModelUsage } from "./usage.js";

/** Why a model call failed. */
export type ModelCallFailure = "timeout" | "budget" | "cancelled" | "transport" | "http" | "bad-body" | "error";

/** A model call that failed: transport error, HTTP error, timeout, budget end or cancellation. Keeps any body that came. */
export class ModelCallError extends StepError {
  override readonly name = "ModelCallError";
  /** Builds the error; `raw` holds a reply body that came but was unusable. */
  constructor(
    message: string,
    readonly failure: ModelCallFailure,
    raw: string[] = [],
    usage: ModelUsage[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, raw, usage);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A reply over the reply cap: cut, never used, never resent; `raw` keeps its first bytes. */
export class OversizedReplyError extends StepError {
  override readonly name = "OversizedReplyError";
}

/** One model reply and its cost. */
export interface ModelReply {
  /** The reply text. */
  text: string;
  /** Tokens and time of the call. */
  usage: ModelUsage;
}

/** Limits of one model call. */
export interface CallOptions {
  /** Per-call time limit in milliseconds (retries included). */
  timeoutMs: number;
  /** Aborts the call when the run is cancelled. */
  signal?: AbortSignal;
  /** Epoch ms when the run's wall-time budget ends; the call is cut there. */
  deadline?: number | null;
}

/** The signal, usage and error translation every model call shares. */
export interface GuardedCall {
  /** The combined signal (timeout, budget end, cancellation). */
  signal: AbortSignal;
  /** Reply bodies received so far. */
  capture: CallCapture;
  /** Usage of a finished call from the tokens the server reported. */
  usage(input?: number, output?: number): ModelUsage;
}

/**
 * Runs one model call under the per-call timeout, the run's wall-time budget and its cancellation
 * signal; every failure becomes a ModelCallError naming the role, the model, the URL, what failed
 * and what to change (an over-cap reply becomes OversizedReplyError).
 */
export async function guardCall<T>(target: RoleModel, options: CallOptions, run: (call: GuardedCall) => Promise<T>): Promise<T> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const budgetLeft = options.deadline ? options.deadline - started : Infinity;
  const budget = Number.isFinite(budgetLeft) ? AbortSignal.timeout(Math.max(1, budgetLeft)) : null;
  const signal = AbortSignal.any([timeout, ...(budget ? [budget] : []), ...(options.signal ? [options.signal] : [])]);
  const usage = (input?: number, output?: number): ModelUsage => ({
    role: target.role,
    model: target.name,
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    ms: Date.now() - started,
    cost: costOf(target.price ?? null, input ?? 0, output ?? 0),
  });
  return withCapture(async (capture) => {
    if (budget?.aborted || budgetLeft <= 0) throw failure(target, started, "budget", null, []);
    try {
      return await run({ signal, capture, usage });
    } catch (error) {
      if (error instanceof StepError) throw error;
      const transport = transportErrorIn(error);
      if (transport?.replyBytes != null) {
        throw new OversizedReplyError(
          `role ${target.role} (model ${target.name}): ${transport.message}`,
          [`${transport.raw ?? ""}\n[linguacodus: reply cut here: over the reply cap after ${transport.replyBytes} bytes]`],
          [usage()],
        );
      }
      const kind: ModelCallFailure = options.signal?.aborted
        ? "cancelled"
        : budget?.aborted
          ? "budget"
          : timeout.aborted
            ? "timeout"
            : transport?.raw != null
              ? "bad-body"
              : httpStatusOf(error) !== undefined
                ? "http"
                : transport || isConnectionError(error)
                  ? "transport"
                  : "error";
      throw failure(target, started, kind, error, transport?.raw != null ? [transport.raw] : [], usage);
    }
  });
}

/** The ModelCallError of one failed call, with what to change. */
function failure(
  target: RoleModel,
  started: number,
  kind: ModelCallFailure,
  error: unknown,
  raw: string[],
  usage?: GuardedCall["usage"],
): ModelCallError {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const who = `model call for role ${target.role} (model ${target.name}${target.baseUrl ? ` at ${target.baseUrl}` : ""})`;
  const env = `LINGUACODUS_${target.role.toUpperCase()}`;
  const transport = transportErrorIn(error);
  const status = httpStatusOf(error);
  const text = transport?.message ?? (error instanceof Error ? error.message : String(error));
  // LangChain appends a troubleshooting URL on its own lines; the OpenAI client repeats the status first
  const cause = text
    .split("\n")[0]
    .replace(/^\d{3}\s+/, "")
    .trim();
  const message = {
    timeout: `${who} timed out after ${seconds}s (the per-call limit: raise --model-timeout / modelTimeoutSeconds)`,
    budget: `${who} stopped after ${seconds}s: the run's wall-time budget (--max-seconds) ended`,
    cancelled: `${who} was cancelled after ${seconds}s`,
    "bad-body": `${who} failed after ${seconds}s: ${cause}`,
    http: `${who} failed after ${seconds}s: HTTP ${status}: ${cause}${statusHint(status, env)}`,
    transport: `${who} failed after ${seconds}s: ${cause} (check ${env}_BASE_URL or LINGUACODUS_BASE_URL)`,
    error: `${who} failed after ${seconds}s: ${cause}`,
  }[kind];
  return new ModelCallError(message, kind, raw, usage && raw.length ? [usage()] : [], { cause: error });
}

/** The OpenAI client's connection errors (no transport cause recorded, e.g. a fake or a custom fetch). */
function isConnectionError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "APIConnectionError" || /ECONNREFUSED|ECONNRESET|ENOTFOUND|socket hang up/.test(error.message))
  );
}

/** What to change for an HTTP status. */
function statusHint(status: number | undefined, env: string): string {
  if (status === 401 || status === 403) return ` (check the API key: ${env}_API_KEY, LINGUACODUS_API_KEY or OPENAI_API_KEY)`;
  if (status === 404) return ` (check the model id ${env}_MODEL and that the base URL ends in /v1)`;
  if (status === 429) return " (rate limited: raise modelRetries to wait out Retry-After, or lower --candidates)";
  if (status !== undefined && status >= 500) return " (the server failed; it was retried modelRetries times)";
  return "";
}

/** Calls a role's model with chat messages (chat models) or one prompt string (text models). */
export async function callModel(target: RoleModel, prompt: BaseMessage[] | string, options: CallOptions): Promise<ModelReply> {
  return guardCall(target, options, async ({ signal, usage }) => {
    if (target.kind === "chat") {
      const messages = typeof prompt === "string" ? [{ role: "user", content: prompt }] : prompt;
      const reply = await target.model.invoke(messages, { signal });
      return { text: reply.text, usage: usage(reply.usage_metadata?.input_tokens, reply.usage_metadata?.output_tokens) };
    }
    const text = typeof prompt === "string" ? prompt : prompt.map((m) => m.text).join("\n\n");
    const result = await target.model.generate([text], { signal });
    const tokens = (result.llmOutput?.tokenUsage ?? {}) as { promptTokens?: number; completionTokens?: number };
    return { text: result.generations[0]?.[0]?.text ?? "", usage: usage(tokens.promptTokens, tokens.completionTokens) };
  });
}
