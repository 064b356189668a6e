import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { InstructionSchema, parseInstructionMarkdown, renderInstructionMarkdown, type Instruction } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import { ReviewAnswerSchema, type State, type StateUpdate } from "../graph/linguacodus/state.js";

/** What the review interrupt shows the person. */
export interface ReviewRequest {
  /** Always "review". */
  kind: "review";
  /** The Decider's instruction, structured. */
  instruction: Instruction;
  /** The same as markdown, ready to edit. */
  markdown: string;
  /** The Decider's rationale. */
  rationale: string;
  /** How to answer. */
  answers: string;
}

/**
 * Node review (only with context.review): interrupts with the decided instruction; the person
 * approves it, edits it (structured or markdown), or asks for new candidates with feedback.
 */
export async function reviewNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!readContext(config).review || !state.instruction || !state.runDir) return {};
  const request: ReviewRequest = {
    kind: "review",
    instruction: state.instruction,
    markdown: renderInstructionMarkdown(state.instruction),
    rationale: state.decision?.rationale ?? "",
    answers: '{"action":"approve"} | {"action":"edit","instruction":<Instruction or markdown>} | {"action":"regenerate","feedback":"..."}',
  };
  const parsed = ReviewAnswerSchema.safeParse(interrupt(request));
  if (!parsed.success) throw new Error(`invalid review answer: ${parsed.error.issues.map((i) => i.message).join("; ")}; expected ${request.answers}`);
  const answer = parsed.data;
  const round = state.reviewRounds + 1;
  await writeJsonArtifact(state.runDir, `review/answer-${round}.json`, answer);
  if (answer.action === "approve") return { reviewAnswer: answer };
  if (answer.action === "regenerate") {
    return { reviewAnswer: answer, reviewRounds: round };
  }
  const instruction =
    typeof answer.instruction === "string"
      ? parseInstructionMarkdown(answer.instruction, state.instruction.rank)
      : InstructionSchema.parse(answer.instruction);
  await writeJsonArtifact(state.runDir, "instruction.reviewed.json", instruction);
  await writeArtifact(state.runDir, "instruction.reviewed.md", renderInstructionMarkdown(instruction));
  return { reviewAnswer: answer, instruction };
}

/** After review: regenerate candidates, or write the code. */
export function afterReview(state: State): "regenerate" | "codegen" {
  return state.reviewAnswer?.action === "regenerate" && state.status === "running" ? "regenerate" : "codegen";
}
