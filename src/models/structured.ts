import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { z } from "zod";
import { callModel } from "./call.js";
import type { RoleModel } from "./factory.js";
import type { ModelUsage } from "./usage.js";
import { StepError } from "./step-error.js";

/** A reply that stayed unparseable after the repair round. */
export class StructuredOutputError extends StepError {
  override readonly name = "StructuredOutputError";
}

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

/** Parses and validates one reply; returns the value or a message the model can act on. */
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
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 8).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return { ok: false, error: `the JSON does not match the schema: ${issues.join("; ")}` };
}

/**
 * Calls the model for JSON matching `schema`; one repair round tells it what was wrong.
 * Throws StructuredOutputError (with every raw reply kept on `raw`) when both replies fail.
 */
export async function callStructured<S extends z.ZodType>(
  target: RoleModel,
  messages: BaseMessage[],
  schema: S,
  options: { timeoutMs: number; signal?: AbortSignal; repairs?: number },
): Promise<{ value: z.infer<S>; usage: ModelUsage[]; raw: string[] }> {
  const usage: ModelUsage[] = [];
  const raw: string[] = [];
  let conversation = messages;
  let lastError = "";
  for (let round = 0; round <= (options.repairs ?? 1); round++) {
    const reply = await callModel(target, conversation, options);
    usage.push(reply.usage);
    raw.push(reply.text);
    const parsed = parseStructured(reply.text, schema);
    if (parsed.ok) return { value: parsed.value, usage, raw };
    lastError = parsed.error;
    conversation = [
      ...conversation,
      new AIMessage(reply.text),
      new HumanMessage(`Your reply could not be used: ${parsed.error}. Reply again with only the JSON object, no prose.`),
    ];
  }
  throw new StructuredOutputError(
    `role ${target.role} (model ${target.name}) returned malformed structured output ${raw.length} times: ${lastError}; first reply starts: ${JSON.stringify(raw[0]?.slice(0, 200) ?? "")}`,
    raw,
    usage,
  );
}
