import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { InstructionSchema, parseInstructionMarkdown, renderInstructionMarkdown, type Instruction } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import type { ReviewAnswer, ReviewRequest, State, StateUpdate } from "../graph/linguacodus/state.js";
import { humanInterrupt, readReviewReply } from "../graph/linguacodus/agent-inbox.js";

/** How the review interrupt may be answered (both forms). */
const ANSWERS =
  '{"action":"approve"} | {"action":"edit","instruction":<Instruction or markdown>} | {"action":"regenerate","feedback":"..."}' +
  ' | Agent Inbox: [{"type":"accept"}] | [{"type":"edit","args":{"action":"review_instruction","args":{"instruction":"..."}}}]' +
  ' | [{"type":"response","args":"feedback"}] | [{"type":"ignore"}] (the instruction stands)';

/**
 * Node review (only with context.review): interrupts with the decided instruction; the person
 * approves it, edits it (structured or markdown), or asks for new candidates with feedback. The
 * interrupt is also an Agent Inbox HumanInterrupt, and Agent Inbox replies are understood. An
 * answer that does not parse is asked again (a new interrupt naming the problem), so a bad answer
 * never leaves the thread stuck.
 */
export async function reviewNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!readContext(config).review || !state.instruction || !state.runDir) return {};
  const markdown = renderInstructionMarkdown(state.instruction);
  const rationale = state.decision?.rationale ?? "";
  const request = (problem?: string): ReviewRequest => ({
    kind: "review",
    instruction: state.instruction!,
    markdown,
    rationale,
    answers: ANSWERS,
    ...(problem ? { problem } : {}),
    ...humanInterrupt(markdown, rationale, problem),
  });
  let problem: string | undefined;
  for (;;) {
    const reading = readAnswer(interrupt(request(problem)), state.instruction.rank);
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
  const reading = readReviewReply(raw);
  if ("problem" in reading) return reading;
  const { answer } = reading;
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
