import { ChatOpenAICompletions, OpenAI } from "@langchain/openai";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseLLM } from "@langchain/core/language_models/llms";
import { howToConfigure, resolveModel, type ModelsSettings, type ResolvedModel } from "./config.js";
import type { StructuredSetting } from "./mechanism.js";
import { guardedFetch, retryPolicy } from "./transport.js";
import type { ModelPrice, Role } from "./usage.js";

/** What every role model carries besides the LangChain model itself. */
interface RoleModelInfo {
  /** The role. */
  role: Role;
  /** Model id, for messages and usage. */
  name: string;
  /** Base URL of the server (undefined: the OpenAI default), for messages and the mechanism memory. */
  baseUrl?: string;
  /** How structured replies are asked for (absent: prompt-only JSON, as for fakes without a server). */
  structured?: StructuredSetting;
  /** Price per million tokens, when known. */
  price?: ModelPrice | null;
}

/** A model ready to call for one role: a chat model, or a text-completion model for llama2 prompts. */
export type RoleModel = (RoleModelInfo & { kind: "chat"; model: BaseChatModel }) | (RoleModelInfo & { kind: "text"; model: BaseLLM });

/** Gives the model of a role; the model engine's only way to reach models (tests pass fakes). */
export interface ModelProvider {
  /** The model for `role`; throws when the role has none configured. */
  forRole(role: Role): RoleModel;
}

/** Transport settings shared by every role. */
export interface TransportOptions {
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  /** Retries of a failed request (429/5xx/network) before the error surfaces. */
  maxRetries: number;
  /** Largest reply body read, in bytes; a longer reply is cut and refused (default 1 MiB). */
  maxReplyBytes?: number;
}

/** Default cap on one reply body. */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

/** Builds the LangChain model for a resolved role: Chat Completions, or legacy Completions for llama2. */
export function createRoleModel(resolved: ResolvedModel, transport: TransportOptions): RoleModel {
  const common = {
    model: resolved.model,
    apiKey: resolved.apiKey,
    temperature: resolved.temperature,
    maxTokens: resolved.maxTokens,
    timeout: transport.timeoutMs,
    maxRetries: transport.maxRetries,
    onFailedAttempt: retryPolicy,
    configuration: {
      ...(resolved.baseUrl ? { baseURL: resolved.baseUrl } : {}),
      fetch: guardedFetch(transport.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES),
    },
  };
  const info = {
    role: resolved.role,
    name: resolved.model,
    baseUrl: resolved.baseUrl,
    structured: resolved.structuredOutput,
    price: resolved.price,
  };
  if (resolved.format === "llama2") return { ...info, kind: "text", model: new OpenAI(common) };
  return { ...info, kind: "chat", model: new ChatOpenAICompletions({ ...common, streamUsage: false }) };
}

/** The default provider: models per role from run-context settings and the environment, built once each. */
export function createModelProvider(settings: ModelsSettings | undefined, transport: TransportOptions, env = process.env): ModelProvider {
  const cache = new Map<Role, RoleModel>();
  return {
    forRole(role) {
      const cached = cache.get(role);
      if (cached) return cached;
      const resolved = resolveModel(role, settings, env);
      if (!resolved) throw new Error(howToConfigure([role]));
      const built = createRoleModel(resolved, transport);
      cache.set(role, built);
      return built;
    },
  };
}
