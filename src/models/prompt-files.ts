import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROMPTS_DIR } from "../package-paths.js";
import { PromptTemplate } from "@langchain/core/prompts";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";

/** One prompt file: a system template and a user template with named {placeholders}. */
export interface PromptFile {
  /** The system part. */
  system: PromptTemplate;
  /** The user part. */
  user: PromptTemplate;
}

const cache = new Map<string, PromptFile>();

/**
 * Loads prompts/<name>.md, split at the lines `=== system ===` and `=== user ===`.
 * Placeholders are f-string style ({task_description}); literal braces are doubled.
 */
export function loadPrompt(name: string): PromptFile {
  const cached = cache.get(name);
  if (cached) return cached;
  const text = readFileSync(join(PROMPTS_DIR, `${name}.md`), "utf8");
  const match = /^=== system ===\s*\n([\s\S]*?)^=== user ===\s*\n([\s\S]*)$/m.exec(text);
  if (!match) throw new Error(`prompts/${name}.md must have "=== system ===" and "=== user ===" sections`);
  const file = { system: PromptTemplate.fromTemplate(match[1].trim()), user: PromptTemplate.fromTemplate(match[2].trim()) };
  cache.set(name, file);
  return file;
}

/** Renders a prompt file to chat messages; a missing placeholder value is an error. */
export async function renderPrompt(name: string, values: Record<string, string>): Promise<BaseMessage[]> {
  const { system, user } = await renderPromptText(name, values);
  return [new SystemMessage(system), new HumanMessage(user)];
}

/** Renders a prompt file to its system and user texts. */
export async function renderPromptText(name: string, values: Record<string, string>): Promise<{ system: string; user: string }> {
  const prompt = loadPrompt(name);
  return { system: await prompt.system.format(values), user: await prompt.user.format(values) };
}
