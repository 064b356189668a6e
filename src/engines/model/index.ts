import { renderInstructionMarkdown, parseInstructionMarkdown, type Critique, type Instruction } from "../../types/instruction.js";
import type { FailedAttempt } from "../../types/failure.js";
import { callModel, OversizedReplyError } from "../../models/call.js";
import { callStructured, StructuredOutputError, type StructuredOptions } from "../../models/structured.js";
import { runMechanismMemory } from "../../models/mechanism.js";
import { renderPrompt } from "../../models/prompt-files.js";
import { buildInstructorLlama2Prompt } from "../../models/llama2-prompt.js";
import { ordinalWord } from "../../models/ordinal.js";
import type { ModelProvider } from "../../models/factory.js";
import { describeProfile, dataTypeOf } from "../../tools/task/describe-profile.js";
import { extractCode, NoCodeError } from "../../tools/code/extract-code.js";
import { NoCodeReplyError } from "../../models/step-error.js";
import type { Engine, EngineInput, EngineResult, FailureReport } from "../engine.js";
import { CODE_BLOCKS } from "../engine.js";
import { stripEarlierBlocks } from "./strip-earlier-blocks.js";
import { renderExperienceExamples } from "./experience-examples.js";
import { environmentValues } from "./environment-values.js";
import { renderMeasured, renderRounds } from "./measured-text.js";
import {
  CritiquesReplySchema,
  DecisionReplySchema,
  fromInstructionReply,
  ImprovementReplySchema,
  InstructionReplySchema,
  schemaText,
  TAG_LIST,
} from "./schemas.js";

/** Options of the model engine. */
export interface ModelEngineOptions {
  /** Where each role's model comes from. */
  models: ModelProvider;
  /** Time limit of one model call, in milliseconds. */
  timeoutMs: number;
}

/** The engine that drives every model-backed node through chat models (the paper's pipeline). */
export function createModelEngine(options: ModelEngineOptions): Engine {
  const call = (input: EngineInput) => ({ timeoutMs: options.timeoutMs, signal: input.signal, deadline: input.deadline });
  const structured = (input: EngineInput, name: string): StructuredOptions => ({
    ...call(input),
    name,
    memory: runMechanismMemory(input.runDir, input.fallbacks ?? []),
  });
  const base = (input: EngineInput) => ({
    description: input.task.description,
    profile: describeProfile(input.profile),
    ...environmentValues(input.environment),
  });
  const listCandidates = (candidates: Instruction[]) =>
    candidates.map((c) => `--- Candidate ${c.rank} ---\n${renderInstructionMarkdown(c)}`).join("\n");

  return {
    name: "model",

    async rankInstruction(input, rank, k) {
      const target = options.models.forRole("instructor");
      if (target.kind === "text") {
        const prompt = await buildInstructorLlama2Prompt({
          description: input.task.description,
          metric: input.profile.metric ?? "unknown",
          dataType: dataTypeOf(input.profile),
          rank,
        });
        const reply = await callModel(target, prompt, call(input));
        try {
          return { value: parseInstructionMarkdown(reply.text, rank), usage: [reply.usage], raw: [reply.text] };
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          throw new StructuredOutputError(`role instructor (model ${target.name}, llama2 format): ${why}`, [reply.text], [reply.usage]);
        }
      }
      const messages = await renderPrompt("instructor-chat", {
        ...base(input),
        rank_word: ordinalWord(rank),
        k: String(k),
        reviewer_notes: reviewerNotes(input),
        experience_examples: renderExperienceExamples(input.experience ?? []),
        schema: schemaText(InstructionReplySchema),
        tags: TAG_LIST,
      });
      const reply = await callStructured(target, messages, InstructionReplySchema, structured(input, "instruction"));
      return { value: { ...fromInstructionReply(reply.value), rank }, usage: reply.usage, raw: reply.raw, fallbacks: reply.fallbacks };
    },

    async research(input, candidates) {
      const messages = await renderPrompt("researcher", {
        ...base(input),
        candidates: listCandidates(candidates),
        schema: schemaText(CritiquesReplySchema),
      });
      const reply = await callStructured(
        options.models.forRole("researcher"),
        messages,
        CritiquesReplySchema,
        structured(input, "critiques"),
      );
      const byRank = new Map(reply.value.critiques.map((c) => [c.rank, c]));
      const critiques: Critique[] = candidates.map((c) => byRank.get(c.rank) ?? { rank: c.rank, flaws: [], strengths: [] });
      return { value: critiques, usage: reply.usage, raw: reply.raw, fallbacks: reply.fallbacks };
    },

    async decide(input, candidates, critiques, measured) {
      const messages = await renderPrompt("decider", {
        ...base(input),
        candidates: listCandidates(candidates),
        critiques: critiques.map((c) => `Candidate ${c.rank}: ${JSON.stringify({ flaws: c.flaws, strengths: c.strengths })}`).join("\n"),
        measured: renderMeasured(measured),
        schema: schemaText(DecisionReplySchema),
      });
      const reply = await callStructured(options.models.forRole("decider"), messages, DecisionReplySchema, structured(input, "decision"));
      const chosen = candidates.some((c) => c.rank === reply.value.chosen) ? reply.value.chosen : candidates[0].rank;
      return {
        value: {
          chosen,
          rationale: reply.value.rationale,
          instruction: { ...fromInstructionReply(reply.value.instruction), rank: chosen },
        },
        usage: reply.usage,
        raw: reply.raw,
        fallbacks: reply.fallbacks,
      };
    },

    async improve(input, best) {
      const messages = await renderPrompt("improve", {
        ...base(input),
        instruction: renderInstructionMarkdown(best.instruction),
        code: best.code,
        scores: `holdout ${best.metric} ${best.holdoutScore} (${best.higherIsBetter ? "higher" : "lower"} is better); the script's own claim: ${best.reportedScore ?? "none"}`,
        history: renderRounds(best.history),
        schema: schemaText(ImprovementReplySchema),
      });
      const reply = await callStructured(
        options.models.forRole("researcher"),
        messages,
        ImprovementReplySchema,
        structured(input, "improvement"),
      );
      return {
        value: {
          change: reply.value.change,
          instruction: { ...fromInstructionReply(reply.value.instruction), rank: best.instruction.rank },
        },
        usage: reply.usage,
        raw: reply.raw,
        fallbacks: reply.fallbacks,
      };
    },

    async writeBlock(input, instruction, block, earlier) {
      const earlierCode = CODE_BLOCKS.filter((b) => earlier[b])
        .map((b) => `# ---- ${b} ----\n${earlier[b]}`)
        .join("\n\n");
      const messages = await renderPrompt(`code-${block}`, {
        ...base(input),
        instruction: renderInstructionMarkdown(instruction),
        earlier_code: earlierCode || "# (nothing yet)",
        ...submissionFacts(input),
      });
      const reply = await codeReply(options, "coder", messages, input);
      return {
        ...reply,
        value: stripEarlierBlocks(
          reply.value,
          CODE_BLOCKS.map((b) => earlier[b] ?? ""),
        ),
      };
    },

    async fix(input, instruction, code, failure: FailureReport) {
      const shared = {
        ...base(input),
        instruction: instruction ? renderInstructionMarkdown(instruction) : "(none: a direct solution from the task description)",
        error: failure.error.slice(-6000),
        history: renderHistory(failure.history),
      };
      const messages = failure.escalate
        ? await renderPrompt("regenerate", { ...shared, ...submissionFacts(input) })
        : await renderPrompt("fix", { ...shared, code, summary: failure.summary, stdout_tail: failure.stdoutTail.slice(-2000) });
      return codeReply(options, "fixer", messages, input);
    },

    async vanilla(input) {
      const messages = await renderPrompt("vanilla", { ...base(input), ...submissionFacts(input) });
      return codeReply(options, "coder", messages, input);
    },
  };
}

/** The reviewer's rejection of earlier candidates, for the instructor prompt (empty when none). */
function reviewerNotes(input: EngineInput): string {
  if (!input.rejected?.length) return "";
  const titles = input.rejected.map((c) => `"${c.title}"`).join(", ");
  return `\nA reviewer rejected the earlier candidates (${titles}); write a different approach.${input.feedback ? ` Reviewer's feedback: ${input.feedback}` : ""}\n`;
}

/** Facts every code prompt states about the submission. */
function submissionFacts(input: EngineInput): Record<string, string> {
  const p = input.profile;
  return {
    label_column: p.labelColumn,
    id_column: p.idColumn ?? "(none)",
    metric: p.metric ?? "a metric suited to the task",
    sample_submission: p.sampleSubmissionFile ?? "sample_submission.csv",
    submission_columns: [p.idColumn, ...p.targetColumns].filter(Boolean).join(", "),
    submission_form: p.submissionForm,
    value_style: p.submissionValueStyle.slice(0, 3).join(", ") || "the sample's values",
  };
}

/** Earlier failed attempts as the fixer reads them: error, decisive lines and what the fix after each changed. */
function renderHistory(history: FailedAttempt[] | undefined): string {
  if (!history?.length) return "(none: this is the first failure)";
  return history
    .map((h) => {
      const fix = h.escalated ? "the script was regenerated from the instruction" : (h.change ?? "none");
      const decisive = h.decisive ? `\n  ${h.decisive.split("\n").join("\n  ")}` : "";
      return `- attempt ${h.attempt} (solution.v${h.codeVersion}.py): ${h.summary}${decisive}\n  the fix after it: ${fix}`;
    })
    .join("\n");
}

/** Calls a role for code; a reply with no code (or over the reply cap) throws NoCodeReplyError, keeping the reply on the error. */
async function codeReply(
  options: ModelEngineOptions,
  role: "coder" | "fixer",
  messages: Awaited<ReturnType<typeof renderPrompt>>,
  input: EngineInput,
): Promise<EngineResult<string>> {
  let reply;
  try {
    reply = await callModel(options.models.forRole(role), messages, {
      timeoutMs: options.timeoutMs,
      signal: input.signal,
      deadline: input.deadline,
    });
  } catch (error) {
    if (error instanceof OversizedReplyError) throw new NoCodeReplyError(`${role}: ${error.message}`, error.raw, error.usage);
    throw error;
  }
  try {
    return { value: extractCode(reply.text), usage: [reply.usage], raw: [reply.text] };
  } catch (error) {
    if (error instanceof NoCodeError) throw new NoCodeReplyError(`${role}: ${error.message}`, [reply.text], [reply.usage]);
    throw error;
  }
}
