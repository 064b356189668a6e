import { byRole, type MockHandler, type ScriptedReply } from "../../helpers/mock-openai-server.js";
import { roleOf } from "../../helpers/roles.js";
import { CRITIQUES_REPLY, DECISION_REPLY, fenced, instructionReply } from "../../fixtures/penguins-replies.js";
import { GENERIC_SCRIPT } from "./tiny-suite.js";

/** Scripted replies solving both tiny tasks in either mode; `overrides` replaces some roles. */
export function tinyReplies(overrides: Record<string, ScriptedReply> = {}): MockHandler {
  return byRole(roleOf, {
    instructor: (req) => {
      const rank = /earn the (\w+) place/.exec(req.text)?.[1] ?? "first";
      return { content: instructionReply({ first: 1, second: 2, third: 3 }[rank] ?? 1) };
    },
    researcher: { content: CRITIQUES_REPLY },
    decider: { content: DECISION_REPLY },
    "coder:preprocessing": { content: fenced(GENERIC_SCRIPT) },
    "coder:architecture": { content: fenced("pass") },
    "coder:training": { content: fenced("pass") },
    "coder:submission": { content: fenced("pass") },
    vanilla: { content: fenced(GENERIC_SCRIPT) },
    fixer: { content: fenced(GENERIC_SCRIPT) },
    ...overrides,
  });
}
