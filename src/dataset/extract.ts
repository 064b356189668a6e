import type { RoleModel } from "../models/factory.js";
import { MAX_DESCRIPTION_CHARS } from "../models/llama2-prompt.js";
import { renderPrompt } from "../models/prompt-files.js";
import { callStructured } from "../models/structured.js";
import { MechanismMemory } from "../models/mechanism.js";
import type { ModelUsage } from "../models/usage.js";
import { fromInstructionReply, InstructionReplySchema, schemaText, TAG_LIST } from "../engines/model/schemas.js";
import type { ExtractedInstruction, InstructionSourceKind } from "./cache.js";
import type { CorpusSolution, CorpusTask } from "./corpus.js";
import type { PromptFields } from "./task-fields.js";

/** Longest solution code sent to the extractor; longer code is cut with a marker line. */
export const MAX_CODE_CHARS = 24_000;

/** An instruction obtained for one solution, with what it cost. */
export interface SourcedInstruction {
  /** The instruction (without rank). */
  instruction: ExtractedInstruction;
  /** Model calls made. */
  usage: ModelUsage[];
  /** Raw model replies. */
  raw: string[];
}

/** Where instructions come from: the extractor model, or the corpus's reference instructions. */
export interface InstructionSource {
  /** "model" or "reference". */
  kind: InstructionSourceKind;
  /** The model's name, or "reference". */
  label: string;
  /** Obtains the instruction of one solution; throws with a readable reason on failure. */
  extract(task: CorpusTask, fields: PromptFields, solution: CorpusSolution, signal: AbortSignal): Promise<SourcedInstruction>;
}

/** The extractor model as an instruction source: prompts/extractor.md, a structured reply validated by zod (auto's fallbacks shared by every call). */
export function modelSource(target: RoleModel, timeoutMs: number): InstructionSource {
  const memory = new MechanismMemory();
  return {
    kind: "model",
    label: target.name,
    async extract(task, fields, solution, signal) {
      const messages = await renderPrompt("extractor", {
        description: task.description.trim().slice(0, MAX_DESCRIPTION_CHARS),
        metric: task.metric,
        data_type: fields.dataType,
        code: clipCode(solution.code),
        schema: schemaText(InstructionReplySchema),
        tags: TAG_LIST,
      });
      const reply = await callStructured(target, messages, InstructionReplySchema, { timeoutMs, signal, memory, name: "instruction" });
      return { instruction: fromInstructionReply(reply.value), usage: reply.usage, raw: reply.raw };
    },
  };
}

/** The code as sent to the extractor: at most MAX_CODE_CHARS, with a marker when cut. */
export function clipCode(code: string): string {
  const trimmed = code.trim();
  if (trimmed.length <= MAX_CODE_CHARS) return trimmed;
  return `${trimmed.slice(0, MAX_CODE_CHARS)}\n# ... (the rest of the solution, ${trimmed.length - MAX_CODE_CHARS} characters, is cut)`;
}
