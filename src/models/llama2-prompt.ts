import { renderPromptText } from "./prompt-files.js";
import { ordinalWord } from "./ordinal.js";

/** Longest description kept in an instructor prompt, for training and inference alike. */
export const MAX_DESCRIPTION_CHARS = 6000;

/** The only inputs of the instructor's llama2 prompt: all known both in training data and at inference. */
export interface InstructorPromptInput {
  /** The task description (truncated to MAX_DESCRIPTION_CHARS). */
  description: string;
  /** Metric name, e.g. "rmsle" (or "unknown"). */
  metric: string;
  /** Data type: "tabular", "text", "time_series", ... */
  dataType: string;
  /** 1-based rank the instruction is asked for. */
  rank: number;
}

/**
 * Wraps system and user text in the Llama 2 chat template ([INST] <<SYS>>). The BOS token <s>
 * is not written as text: tokenizers (training) and servers (vLLM, llama.cpp) add it themselves.
 */
export function llama2Template(system: string, user: string): string {
  return `[INST] <<SYS>>\n${system}\n<</SYS>>\n\n${user} [/INST]`;
}

/**
 * Builds the instructor prompt in Llama 2 format. The one function used both to write training
 * records (`dataset extract`) and at inference (`rank-instructions` with format llama2).
 */
export async function buildInstructorLlama2Prompt(input: InstructorPromptInput): Promise<string> {
  const description = input.description.trim().slice(0, MAX_DESCRIPTION_CHARS);
  const { system, user } = await renderPromptText("instructor-llama2", {
    description,
    metric: input.metric,
    data_type: input.dataType,
    rank_word: ordinalWord(input.rank),
  });
  return llama2Template(system, user);
}

/** The completion a training record teaches: the instruction markdown, then the end-of-sequence token. */
export function llama2Completion(instructionMarkdown: string): string {
  return ` ${instructionMarkdown.trim()} </s>`;
}
