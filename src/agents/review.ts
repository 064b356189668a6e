import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { InstructionSchema, parseInstructionMarkdown, renderInstructionMarkdown, type Instruction } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import { ReviewAnswerSchema, type ReviewAnswer, type ReviewRequest, type State, type StateUpdate } from "../graph/linguacodus/state.js";

/**
 * Node review (only with context.review): interrupts with the decided instruction; the person
 * approves it, edits it (structured or markdown), or asks for new candidates with feedback.
 * An answer that does not parse is asked again (a new interrupt naming the problem), so a bad
 * answer never leaves the thread stuck.
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
  let problem: string | undefined;
  for (;;) {
    const reading = readAnswer(interrupt(problem ? { ...request, problem } : request), state.instruction.rank);
    if ("problem" in reading) {
      problem = reading.problem;
      continue;
    }
    const { answer, instruction } = reading;
    const round = state.reviewRounds + 1;
    await writeJsonArtifact(state.runDir, `review/answer-${round}.json`, answer);
    if (answer.action === "approve") return { reviewAnswer: answer };
    if (answer.action === "regenerate") return { reviewAnswer: answer, reviewRounds: round };
    await writeJsonArtifact(state.runDir, "instruction.reviewed.json", instruction);
    await writeArtifact(state.runDir, "instruction.reviewed.md", renderInstructionMarkdown(instruction!));
    return { reviewAnswer: answer, instruction };
  }
}

/** Parses a review answer (and an edited instruction), or says what is wrong with it. */
function readAnswer(raw: unknown, rank: number): { answer: ReviewAnswer; instruction?: Instruction } | { problem: string } {
  const parsed = ReviewAnswerSchema.safeParse(raw);
  if (!parsed.success)
    return { problem: `invalid review answer: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  const answer = parsed.data;
  if (answer.action !== "edit") return { answer };
  try {
    const instruction =
      typeof answer.instruction === "string"
        ? parseInstructionMarkdown(answer.instruction, rank)
        : InstructionSchema.parse(answer.instruction);
    return { answer, instruction };
  } catch (error) {
    return { problem: `the edited instruction does not parse: ${error instanceof Error ? error.message : String(error)}` };
  }
}
