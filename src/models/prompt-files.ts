import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { PromptTemplate } from "@langchain/core/prompts";
import { PROMPTS_DIR } from "../package-paths.js";

/** Placeholders with this prefix are filled from a shared fragment: `{fragment_environment}` ← prompts/fragments/environment.md. */
const FRAGMENT_PREFIX = "fragment_";

/** One prompt file: a system template and a user template with named {placeholders}. */
export interface PromptFile {
  /** The system part. */
  system: PromptTemplate;
  /** The user part. */
  user: PromptTemplate;
  /** Fragments the two parts include, by placeholder name. */
  fragments: Map<string, PromptTemplate>;
}

const cache = new Map<string, PromptFile>();

/** Loads prompts/fragments/<name>.md as a template (it may take placeholders of its own). */
function loadFragment(placeholder: string): PromptTemplate {
  const name = placeholder.slice(FRAGMENT_PREFIX.length).replaceAll("_", "-");
  return PromptTemplate.fromTemplate(readFileSync(join(PROMPTS_DIR, "fragments", `${name}.md`), "utf8").trim());
}

/**
 * Loads prompts/<name>.md, split at the lines `=== system ===` and `=== user ===`.
 * Placeholders are f-string style ({task_description}); literal braces are doubled;
 * `{fragment_x}` includes the shared fragment prompts/fragments/x.md.
 */
export function loadPrompt(name: string): PromptFile {
  const cached = cache.get(name);
  if (cached) return cached;
  const text = readFileSync(join(PROMPTS_DIR, `${name}.md`), "utf8");
  const match = /^=== system ===\s*\n([\s\S]*?)^=== user ===\s*\n([\s\S]*)$/m.exec(text);
  if (!match) throw new Error(`prompts/${name}.md must have "=== system ===" and "=== user ===" sections`);
  const system = PromptTemplate.fromTemplate(match[1].trim());
  const user = PromptTemplate.fromTemplate(match[2].trim());
  const placeholders = [...system.inputVariables, ...user.inputVariables].filter((v) => v.startsWith(FRAGMENT_PREFIX));
  const fragments = new Map(placeholders.map((p) => [p, loadFragment(p)]));
  const file = { system, user, fragments };
  cache.set(name, file);
  return file;
}

/** The placeholders a prompt file needs values for: its own and its fragments', fragments themselves excluded. */
export function promptVariables(name: string): string[] {
  const { system, user, fragments } = loadPrompt(name);
  const all = [...system.inputVariables, ...user.inputVariables, ...[...fragments.values()].flatMap((f) => f.inputVariables)];
  return [...new Set(all)].filter((v) => !v.startsWith(FRAGMENT_PREFIX)).sort();
}

/** Renders a prompt file to chat messages; a missing placeholder value is an error. */
export async function renderPrompt(name: string, values: Record<string, string>): Promise<BaseMessage[]> {
  const { system, user } = await renderPromptText(name, values);
  return [new SystemMessage(system), new HumanMessage(user)];
}

/** Renders a prompt file to its system and user texts, its fragments rendered with the same values first. */
export async function renderPromptText(name: string, values: Record<string, string>): Promise<{ system: string; user: string }> {
  const prompt = loadPrompt(name);
  const filled: Record<string, string> = { ...values };
  for (const [placeholder, fragment] of prompt.fragments) filled[placeholder] = await fragment.format(values);
  return { system: await prompt.system.format(filled), user: await prompt.user.format(filled) };
}
