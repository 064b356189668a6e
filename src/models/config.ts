import { z } from "zod";
import { ModelPriceSchema, ROLES, type ModelPrice, type Role } from "./usage.js";
import { STRUCTURED_SETTINGS, type StructuredSetting } from "./mechanism.js";

/** Per-role model settings as given in the run context (every field optional). */
export const RoleModelSettingsSchema = z.object({
  /** Model id exactly as the server knows it (e.g. "gpt-4o-mini", "meta-llama/Llama-2-7b-chat-hf"). */
  model: z.string().optional().describe("Model id exactly as the server knows it"),
  /** OpenAI-compatible base URL ending in /v1 (vLLM, llama.cpp, Ollama, OpenAI). */
  baseUrl: z.string().optional().describe("OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1"),
  /** Sampling temperature. */
  temperature: z.number().min(0).max(2).optional().describe("Sampling temperature"),
  /** Prompt format: "chat" messages, or "llama2" [INST] text completion for a fine-tuned Llama 2. */
  format: z.enum(["chat", "llama2"]).optional().describe("chat, or llama2 for an [INST]-tuned model"),
  /** Maximum completion tokens. */
  maxTokens: z.number().int().positive().optional().describe("Maximum completion tokens"),
  /** How structured replies are asked for: auto (strongest the server accepts), one mechanism, or prompt-only JSON. */
  structuredOutput: z
    .enum(STRUCTURED_SETTINGS)
    .optional()
    .describe("auto | jsonSchema | functionCalling | jsonMode | prompt (structured roles only)"),
});

/** Model settings for every role plus a shared default. */
export const ModelsSettingsSchema = z.object({
  /** Shared default for every role. */
  default: RoleModelSettingsSchema.optional(),
  /** The instruction model (the paper's fine-tuned Llama 2). */
  instructor: RoleModelSettingsSchema.optional(),
  /** The Researcher agent. */
  researcher: RoleModelSettingsSchema.optional(),
  /** The Decider agent. */
  decider: RoleModelSettingsSchema.optional(),
  /** The code-block generator. */
  coder: RoleModelSettingsSchema.optional(),
  /** The error fixer. */
  fixer: RoleModelSettingsSchema.optional(),
  /** The instruction extractor of `dataset extract`. */
  extractor: RoleModelSettingsSchema.optional(),
  /** Price per million input and output tokens, by model id (merged over LINGUACODUS_PRICES). */
  prices: z
    .record(z.string(), ModelPriceSchema)
    .optional()
    .describe('Price per million tokens by model id, e.g. {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}'),
});
export type ModelsSettings = z.infer<typeof ModelsSettingsSchema>;

/** A fully resolved model for one role. */
export interface ResolvedModel {
  /** The role. */
  role: Role;
  /** Model id. */
  model: string;
  /** Base URL (undefined: the OpenAI default). */
  baseUrl: string | undefined;
  /** API key ("not-needed" for keyless local servers). */
  apiKey: string;
  /** Sampling temperature. */
  temperature: number;
  /** Prompt format. */
  format: "chat" | "llama2";
  /** Maximum completion tokens, if bounded. */
  maxTokens: number | undefined;
  /** How structured replies are asked for. */
  structuredOutput: StructuredSetting;
  /** Price per million tokens of this model, when known. */
  price: ModelPrice | null;
}

type Env = Record<string, string | undefined>;

/** The model used with an OpenAI API key and no model id or base URL (the OpenAI API itself). */
export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

const DEFAULT_TEMPERATURE: Record<Role, number> = {
  instructor: 0.7,
  researcher: 0.2,
  decider: 0.2,
  coder: 0.1,
  fixer: 0.1,
  extractor: 0.1,
};

type EnvKey = "MODEL" | "BASE_URL" | "API_KEY" | "TEMPERATURE" | "FORMAT" | "STRUCTURED";

/** An environment variable's value; an empty value counts as unset. */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === "" ? undefined : value;
}

/** LINGUACODUS_<ROLE>_<KEY>. */
function roleEnv(env: Env, role: Role, key: EnvKey): string | undefined {
  return envValue(env, `LINGUACODUS_${role.toUpperCase()}_${key}`);
}

/** LINGUACODUS_<KEY>, shared by every role. */
function sharedEnv(env: Env, key: EnvKey): string | undefined {
  return envValue(env, `LINGUACODUS_${key}`);
}

/**
 * Resolves one role's model: context role settings, then LINGUACODUS_<ROLE>_*, then the context
 * default, then LINGUACODUS_*, then OPENAI_MODEL / OPENAI_BASE_URL / OPENAI_API_KEY. An API key
 * with no base URL and no model id means the OpenAI API with DEFAULT_OPENAI_MODEL. Returns null when
 * no model id or no way to reach a server (key or base URL) is known.
 */
export function resolveModel(role: Role, settings: ModelsSettings | undefined, env: Env = process.env): ResolvedModel | null {
  const own = settings?.[role] ?? {};
  const shared = settings?.default ?? {};
  const baseUrl =
    own.baseUrl ?? roleEnv(env, role, "BASE_URL") ?? shared.baseUrl ?? sharedEnv(env, "BASE_URL") ?? envValue(env, "OPENAI_BASE_URL");
  const apiKey = roleEnv(env, role, "API_KEY") ?? sharedEnv(env, "API_KEY") ?? envValue(env, "OPENAI_API_KEY");
  const openAiDefault = apiKey && !baseUrl ? DEFAULT_OPENAI_MODEL : undefined;
  const model =
    own.model ?? roleEnv(env, role, "MODEL") ?? shared.model ?? sharedEnv(env, "MODEL") ?? envValue(env, "OPENAI_MODEL") ?? openAiDefault;
  if (!model || (!apiKey && !baseUrl)) return null;
  const temperature =
    own.temperature ??
    numberOrUndefined(roleEnv(env, role, "TEMPERATURE")) ??
    shared.temperature ??
    numberOrUndefined(sharedEnv(env, "TEMPERATURE")) ??
    DEFAULT_TEMPERATURE[role];
  const formatText = own.format ?? roleEnv(env, role, "FORMAT") ?? shared.format ?? sharedEnv(env, "FORMAT") ?? "chat";
  if (formatText !== "chat" && formatText !== "llama2")
    throw new Error(`unknown prompt format "${formatText}" for role ${role}: use chat or llama2`);
  const structuredText =
    own.structuredOutput ?? roleEnv(env, role, "STRUCTURED") ?? shared.structuredOutput ?? sharedEnv(env, "STRUCTURED") ?? "auto";
  const structuredOutput = STRUCTURED_SETTINGS.find((s) => s === structuredText);
  if (!structuredOutput)
    throw new Error(
      `unknown structured-output setting "${structuredText}" for role ${role}: use ${STRUCTURED_SETTINGS.join(", ")} (LINGUACODUS_${role.toUpperCase()}_STRUCTURED)`,
    );
  return {
    role,
    model,
    baseUrl,
    apiKey: apiKey ?? "not-needed",
    temperature,
    format: formatText,
    maxTokens: own.maxTokens ?? shared.maxTokens,
    structuredOutput,
    price: priceTable(settings, env)[model] ?? null,
  };
}

/** Prices by model id: LINGUACODUS_PRICES (JSON) with the context's `prices` over it. */
export function priceTable(settings: ModelsSettings | undefined, env: Env = process.env): Record<string, ModelPrice> {
  const text = envValue(env, "LINGUACODUS_PRICES");
  let fromEnv: Record<string, ModelPrice> = {};
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error('LINGUACODUS_PRICES is not JSON: write {"<model id>": {"input": <per million>, "output": <per million>}}');
    }
    const parsed = z.record(z.string(), ModelPriceSchema).safeParse(json);
    if (!parsed.success)
      throw new Error(`LINGUACODUS_PRICES: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    fromEnv = parsed.data;
  }
  return { ...fromEnv, ...(settings?.prices ?? {}) };
}

function numberOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`not a number: ${text}`);
  return value;
}

/** The graph roles that need a model in the model engine. */
export const GRAPH_ROLES: Role[] = ["instructor", "researcher", "decider", "coder", "fixer"];

/** Roles of `roles` that have no model configured. */
export function unconfiguredRoles(settings: ModelsSettings | undefined, roles: Role[] = GRAPH_ROLES, env: Env = process.env): Role[] {
  return roles.filter((role) => resolveModel(role, settings, env) === null);
}

/** The message that tells a user exactly what to set to use a model. */
export function howToConfigure(missing: Role[]): string {
  return [
    `No model is configured for: ${missing.join(", ")}.`,
    "Set, for all roles at once:",
    `  OPENAI_API_KEY=...            (model ${DEFAULT_OPENAI_MODEL}; or OPENAI_MODEL=... / LINGUACODUS_MODEL=...)`,
    "or for a local OpenAI-compatible server (vLLM, llama.cpp, Ollama):",
    "  LINGUACODUS_BASE_URL=http://127.0.0.1:8000/v1  LINGUACODUS_MODEL=<model id>",
    "or per role: LINGUACODUS_<ROLE>_MODEL, LINGUACODUS_<ROLE>_BASE_URL, LINGUACODUS_<ROLE>_API_KEY",
    `  (roles: ${ROLES.filter((r) => r !== "extractor").join(", ")}; LINGUACODUS_INSTRUCTOR_FORMAT=llama2 for a fine-tuned Llama 2;`,
    "  LINGUACODUS_<ROLE>_STRUCTURED=auto|jsonSchema|functionCalling|jsonMode|prompt picks how JSON replies are asked for).",
    "Or run without a model: --engine offline.",
  ].join("\n");
}
