import { z } from "zod";
import type { HumanInterrupt } from "@langchain/langgraph/prebuilt";
import { InstructionSchema } from "../../types/instruction.js";
import { ReviewAnswerSchema, type ReviewAnswer } from "./state.js";

/** The action the review interrupt asks a person to look at, as Agent Inbox names it. */
export const REVIEW_ACTION = "review_instruction";

/** An Agent Inbox reply (LangGraph's HumanResponse) to the review interrupt. */
export const HumanResponseSchema = z.discriminatedUnion("type", [
  /** Go on with the decided instruction (args, null or the unchanged action request, are not read). */
  z.object({ type: z.literal("accept"), args: z.unknown().optional() }),
  /** Skip the review: the decided instruction stands (args are not read). */
  z.object({ type: z.literal("ignore"), args: z.unknown().optional() }),
  /** Text: what new candidate instructions should do differently. */
  z.object({ type: z.literal("response"), args: z.string() }),
  /** The action request with its instruction edited (structured, or markdown in the instruction.md form). */
  z.object({
    type: z.literal("edit"),
    args: z.object({ action: z.string(), args: z.object({ instruction: z.union([InstructionSchema, z.string().min(1)]) }) }),
  }),
]);
export type HumanResponse = z.infer<typeof HumanResponseSchema>;

/**
 * The Agent Inbox half of the review interrupt (LangGraph's HumanInterrupt): the instruction as an
 * editable argument; accept, edit and respond (respond asks for new candidates) are offered.
 */
export function humanInterrupt(markdown: string, rationale: string, problem?: string): HumanInterrupt {
  return {
    action_request: { action: REVIEW_ACTION, args: { instruction: markdown } },
    config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: false },
    description: [
      ...(problem ? [`**Your last answer was not accepted:** ${problem}`, ""] : []),
      "The Decider chose this instruction; code is generated from it once you answer.",
      "Accept it, edit it (the `instruction` argument, in the instruction.md markdown form), or respond with",
      "what new candidate instructions should do differently.",
      "",
      `**Rationale:** ${rationale || "(none given)"}`,
    ].join("\n"),
  };
}

/** A parse result: the answer, or what is wrong with the reply. */
type Reading = { answer: ReviewAnswer } | { problem: string };

/** What is wrong with a reply, from its zod issues. */
function problemOf(error: z.ZodError): string {
  return `invalid review answer: ${error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
}

/** An Agent Inbox reply as a review answer. */
function fromHumanResponse(response: HumanResponse): ReviewAnswer {
  if (response.type === "accept" || response.type === "ignore") return { action: "approve" };
  if (response.type === "response") return { action: "regenerate", feedback: response.args.trim() };
  return { action: "edit", instruction: response.args.args.instruction };
}

/**
 * Reads a reply to the review interrupt in either form: a review answer ({"action": "approve" |
 * "edit" | "regenerate"}) or an Agent Inbox HumanResponse ({"type": "accept" | "edit" | "response"
 * | "ignore"}), alone or as the one-element list Agent Inbox sends.
 */
export function readReviewReply(raw: unknown): Reading {
  const reply = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (typeof reply === "object" && reply !== null && "type" in reply) {
    const parsed = HumanResponseSchema.safeParse(reply);
    return parsed.success ? { answer: fromHumanResponse(parsed.data) } : { problem: problemOf(parsed.error) };
  }
  const parsed = ReviewAnswerSchema.safeParse(reply);
  return parsed.success ? { answer: parsed.data } : { problem: problemOf(parsed.error) };
}
