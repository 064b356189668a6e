import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { z } from "zod";
import { callModel, guardCall, ModelCallError, OversizedReplyError, type CallOptions, type GuardedCall } from "./call.js";
import type { RoleModel } from "./factory.js";
import { MechanismMemory, type Fallback, type Mechanism } from "./mechanism.js";
import type { ModelUsage } from "./usage.js";
import { StepError } from "./step-error.js";
import { httpStatusOf } from "./transport.js";

/** A reply that stayed unparseable after the repair round. */
export class StructuredOutputError extends StepError {
  override readonly name = "StructuredOutputError";
}

/** Longest earlier reply sent back in a repair round; a longer one is described, never resent. */
const MAX_RESENT_CHARS = 16 * 1024;

/** Finds the first balanced JSON object or array in a reply (fenced or not) and parses it. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/i.exec(text);
  const source = fenced ? fenced[1] : text;
  const start = source.search(/[[{]/);
  if (start < 0) throw new Error("the reply contains no JSON object");
  const open = source[start];
  const close = open === "{" ? "}" : "]";
  let depth = 0;
  let inString = false;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return JSON.parse(source.slice(start, i + 1));
  }
  throw new Error("the reply's JSON is not closed (cut off?)");
}

/** Validates parsed JSON; returns the value or a message the model can act on. */
function validate<S extends z.ZodType>(json: unknown, schema: S): { ok: true; value: z.infer<S> } | { ok: false; error: string } {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 8).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return { ok: false, error: `the JSON does not match the schema: ${issues.join("; ")}` };
}

/** Parses and validates one prose reply (prompt mode); returns the value or a message the model can act on. */
export function parseStructured<S extends z.ZodType>(
  text: string,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return validate(json, schema);
}

/** Options of a structured call. */
export interface StructuredOptions extends CallOptions {
  /** Repair rounds after a reply that does not parse or match (default 1). */
  repairs?: number;
  /** What this run knows about its servers' mechanisms (auto only; default: a fresh memory). */
  memory?: MechanismMemory;
  /** Name of the schema as the server sees it (tool or json_schema name). */
  name?: string;
}

/** A structured answer with every raw reply, its cost, the mechanism used and any fallback auto made. */
export interface StructuredResult<T> {
  /** The validated value. */
  value: T;
  /** Every call's cost. */
  usage: ModelUsage[];
  /** Every raw reply, in order. */
  raw: string[];
  /** The mechanism that produced the value. */
  mechanism: Mechanism;
  /** Fallbacks this call was first to make (auto only). */
  fallbacks: Fallback[];
}

/** How one attempt went. */
type Attempt<T> =
  | { kind: "ok"; value: T; text: string; usage: ModelUsage }
  | { kind: "invalid"; error: string; text: string; usage: ModelUsage }
  | { kind: "ignored"; reason: string; text: string; usage: ModelUsage }
  | { kind: "rejected"; reason: string }
  | { kind: "oversized"; error: OversizedReplyError };

/**
 * Calls the model for JSON matching `schema` through the role's structured-output mechanism
 * (LangChain's withStructuredOutput with the zod schema: json_schema response format, tool
 * calling or JSON mode) or the prompt alone. `auto` starts with the strongest mechanism the run
 * has not seen fail and steps down once per server when it is refused (HTTP 4xx) or ignored,
 * down to prompt-only JSON. A reply that does not parse or match gets `repairs` repair rounds;
 * an oversized reply is never resent. Throws StructuredOutputError with every raw reply kept.
 */
export async function callStructured<S extends z.ZodType>(
  target: RoleModel,
  messages: BaseMessage[],
  schema: S,
  options: StructuredOptions,
): Promise<StructuredResult<z.infer<S>>> {
  const setting = target.kind === "chat" ? (target.structured ?? "prompt") : "prompt";
  const memory = options.memory ?? new MechanismMemory();
  const server = target.baseUrl ?? "";
  const usage: ModelUsage[] = [];
  const raw: string[] = [];
  const fallbacks: Fallback[] = [];
  let conversation = messages;
  let lastError = "";
  let mechanism: Mechanism = "prompt";
  for (let round = 0; round <= (options.repairs ?? 1); ) {
    mechanism = setting === "auto" ? memory.current(server, target.name) : setting;
    const attempt = await attemptOnce(target, conversation, schema, mechanism, options);
    if (attempt.kind === "rejected" || attempt.kind === "ignored") {
      if (attempt.kind === "ignored") {
        usage.push(attempt.usage);
        raw.push(attempt.text);
      }
      if (setting === "auto") {
        const fallback = memory.fail(target.role, server, target.name, mechanism, attempt.reason);
        if (fallback) fallbacks.push(fallback);
        continue;
      }
      if (attempt.kind === "rejected") throw rejected(target, mechanism, attempt.reason, raw, usage);
      lastError = attempt.reason;
      conversation = repairConversation(conversation, attempt.text, attempt.reason);
      round++;
      continue;
    }
    if (attempt.kind === "oversized") {
      usage.push(...attempt.error.usage);
      raw.push(...attempt.error.raw);
      lastError = attempt.error.message;
      conversation = [
        ...conversation,
        new HumanMessage(`Your previous reply was far too long and was discarded (${attempt.error.message}). ${REPLY_AGAIN}`),
      ];
      round++;
      continue;
    }
    usage.push(attempt.usage);
    raw.push(attempt.text);
    if (attempt.kind === "ok") return { value: attempt.value, usage, raw, mechanism, fallbacks };
    lastError = attempt.error;
    conversation = repairConversation(conversation, attempt.text, attempt.error);
    round++;
  }
  throw new StructuredOutputError(
    `role ${target.role} (model ${target.name}) returned malformed structured output ${raw.length} times: ${lastError}; first reply starts: ${JSON.stringify(raw[0]?.slice(0, 200) ?? "")} (structured output: ${mechanism})`,
    raw,
    usage,
    fallbacks,
  );
}

const REPLY_AGAIN = "Reply again with only the JSON object, no prose.";

/** The conversation of a repair round: the bad reply (when short enough to resend) and what was wrong. */
function repairConversation(conversation: BaseMessage[], text: string, error: string): BaseMessage[] {
  const previous = text.length <= MAX_RESENT_CHARS ? [new AIMessage(text)] : [];
  const note = previous.length ? "" : ` (your reply of ${text.length} characters is not repeated here)`;
  return [...conversation, ...previous, new HumanMessage(`Your reply could not be used: ${error}${note}. ${REPLY_AGAIN}`)];
}

/** The error of a mechanism the server refused when it was chosen explicitly. */
function rejected(target: RoleModel, mechanism: Mechanism, reason: string, raw: string[], usage: ModelUsage[]): ModelCallError {
  const env = `LINGUACODUS_${target.role.toUpperCase()}_STRUCTURED`;
  return new ModelCallError(
    `role ${target.role} (model ${target.name}${target.baseUrl ? ` at ${target.baseUrl}` : ""}): the server refused structured output ${mechanism} (${reason}); set ${env} (or the role's structuredOutput) to auto or another of jsonSchema, functionCalling, jsonMode, prompt`,
    "http",
    raw,
    usage,
  );
}

/** One call in one mechanism, classified. */
async function attemptOnce<S extends z.ZodType>(
  target: RoleModel,
  conversation: BaseMessage[],
  schema: S,
  mechanism: Mechanism,
  options: StructuredOptions,
): Promise<Attempt<z.infer<S>>> {
  try {
    if (mechanism === "prompt" || target.kind !== "chat") {
      const reply = await callModel(target, conversation, options);
      const parsed = parseStructured(reply.text, schema);
      return parsed.ok
        ? { kind: "ok", value: parsed.value, text: reply.text, usage: reply.usage }
        : { kind: "invalid", error: parsed.error, text: reply.text, usage: reply.usage };
    }
    const model = target.model;
    return await guardCall(target, options, async (call) => {
      const runnable = model.withStructuredOutput(schema, { method: mechanism, includeRaw: true, name: options.name ?? "reply" });
      try {
        const out = await runnable.invoke(conversation, { signal: call.signal });
        const message = out.raw as AIMessage;
        const usage = call.usage(message.usage_metadata?.input_tokens, message.usage_metadata?.output_tokens);
        const toolArgs = message.tool_calls?.length
          ? JSON.stringify(message.tool_calls[0].args)
          : (message.invalid_tool_calls?.[0]?.args ?? null);
        return classify(schema, mechanism, message.text, toolArgs, null, usage);
      } catch (error) {
        const status = httpStatusOf(error);
        if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429 && !call.signal.aborted) {
          return { kind: "rejected", reason: `HTTP ${status}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
        }
        const fromBody = classifyBody(schema, mechanism, call);
        if (fromBody && !call.signal.aborted) return fromBody;
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof OversizedReplyError) return { kind: "oversized", error };
    throw error;
  }
}

/** Classifies a reply the OpenAI SDK refused to parse, from the body the call received. */
function classifyBody<S extends z.ZodType>(schema: S, mechanism: Mechanism, call: GuardedCall): Attempt<z.infer<S>> | null {
  const body = call.capture.bodies.filter((b) => b.status === 200).at(-1);
  if (!body) return null;
  let parsed: BodyShape;
  try {
    parsed = JSON.parse(body.text) as BodyShape;
  } catch {
    return null;
  }
  const choice = parsed.choices?.[0];
  const usage = call.usage(parsed.usage?.prompt_tokens, parsed.usage?.completion_tokens);
  const content = typeof choice?.message?.content === "string" ? choice.message.content : "";
  const args = choice?.message?.tool_calls?.[0]?.function?.arguments ?? null;
  return classify(schema, mechanism, content, args, choice?.finish_reason ?? null, usage);
}

/** The part of a chat.completion body read here. */
interface BodyShape {
  choices?: Array<{
    finish_reason?: string;
    message?: { content?: unknown; tool_calls?: Array<{ function?: { arguments?: string } }> };
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** Whether a native reply honoured its mechanism, and whether it matches the schema. */
function classify<S extends z.ZodType>(
  schema: S,
  mechanism: Mechanism,
  content: string,
  toolArgs: string | null,
  finishReason: string | null,
  usage: ModelUsage,
): Attempt<z.infer<S>> {
  const text = mechanism === "functionCalling" && toolArgs !== null ? toolArgs : content;
  if (finishReason === "length")
    return { kind: "invalid", error: "the reply was cut off at the token limit (raise maxTokens)", text, usage };
  if (mechanism === "functionCalling" && toolArgs === null) {
    return { kind: "ignored", reason: "the server ignored tool calling: the reply held no tool call", text, usage };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.trim());
  } catch {
    if (mechanism === "functionCalling") return { kind: "invalid", error: "the tool call's arguments are not JSON", text, usage };
    const what = mechanism === "jsonSchema" ? "response_format json_schema" : "response_format json_object";
    return { kind: "ignored", reason: `the server ignored ${what}: the reply is not a JSON document`, text, usage };
  }
  const checked = validate(json, schema);
  return checked.ok ? { kind: "ok", value: checked.value, text, usage } : { kind: "invalid", error: checked.error, text, usage };
}
