import type { MockRequest } from "./mock-openai-server.js";

/** Which graph role a mock request comes from, told by its system prompt. */
export function roleOf(request: MockRequest): string {
  const system = request.messages?.find((m) => m.role === "system")?.content ?? request.prompt ?? "";
  const user =
    request.messages
      ?.filter((m) => m.role === "user")
      .map((m) => m.content)
      .join("\n") ?? "";
  if (system.includes("You are the instruction model")) return "instructor";
  if (system.includes("You are the Researcher")) return "researcher";
  if (system.includes("You are the Decider")) return "decider";
  if (system.includes("You fix Python")) return "fixer";
  if (system.includes("You rewrite failing Python")) return "fixer:regenerate";
  if (system.includes("You write complete Python solutions")) return "vanilla";
  for (const block of ["DATA PREPROCESSING", "MODEL ARCHITECTURE", "MODEL TRAINING", "SUBMISSION"]) {
    if (user.includes(`Write the ${block} block`)) return `coder:${block.split(" ")[block.split(" ").length - 1].toLowerCase()}`;
  }
  return "unknown";
}
