import { describe, expect, it } from "vitest";
import { ChatOpenAICompletions, OpenAI } from "@langchain/openai";
import {
  DEFAULT_OPENAI_MODEL,
  GRAPH_ROLES,
  howToConfigure,
  resolveModel,
  unconfiguredRoles,
  type ModelsSettings,
} from "../../src/models/config.js";
import { createModelProvider, createRoleModel } from "../../src/models/factory.js";

const transport = { timeoutMs: 1000, maxRetries: 0 };

describe("resolveModel precedence", () => {
  // every level names a different model and base URL; removing the winner reveals the next one
  const settings: ModelsSettings = {
    coder: { model: "ctx-role", baseUrl: "http://ctx-role/v1" },
    default: { model: "ctx-default", baseUrl: "http://ctx-default/v1" },
  };
  const env = {
    LINGUACODUS_CODER_MODEL: "env-role",
    LINGUACODUS_CODER_BASE_URL: "http://env-role/v1",
    LINGUACODUS_MODEL: "env-shared",
    LINGUACODUS_BASE_URL: "http://env-shared/v1",
    OPENAI_MODEL: "openai",
    OPENAI_BASE_URL: "http://openai/v1",
  };
  const pick = (s: ModelsSettings, e: Record<string, string>) => {
    const r = resolveModel("coder", s, e);
    return r && [r.model, r.baseUrl];
  };

  it("context role settings beat everything", () => {
    expect(pick(settings, env)).toEqual(["ctx-role", "http://ctx-role/v1"]);
  });

  it("then LINGUACODUS_<ROLE>_*", () => {
    expect(pick({ default: settings.default }, env)).toEqual(["env-role", "http://env-role/v1"]);
  });

  it("then the context default", () => {
    const { LINGUACODUS_CODER_MODEL: _m, LINGUACODUS_CODER_BASE_URL: _b, ...rest } = env;
    expect(pick({ default: settings.default }, rest)).toEqual(["ctx-default", "http://ctx-default/v1"]);
  });

  it("then LINGUACODUS_*", () => {
    const { LINGUACODUS_CODER_MODEL: _m, LINGUACODUS_CODER_BASE_URL: _b, ...rest } = env;
    expect(pick({}, rest)).toEqual(["env-shared", "http://env-shared/v1"]);
  });

  it("then OPENAI_*", () => {
    expect(pick({}, { OPENAI_MODEL: "openai", OPENAI_BASE_URL: "http://openai/v1" })).toEqual(["openai", "http://openai/v1"]);
  });

  it("mixes levels field by field", () => {
    expect(pick({ coder: { model: "ctx-role" } }, { OPENAI_BASE_URL: "http://openai/v1" })).toEqual(["ctx-role", "http://openai/v1"]);
  });

  it("another role's variables do not apply", () => {
    expect(resolveModel("fixer", {}, { LINGUACODUS_CODER_MODEL: "m", LINGUACODUS_CODER_BASE_URL: "http://x/v1" })).toBeNull();
  });

  it("treats empty variables as unset", () => {
    expect(pick({}, { LINGUACODUS_CODER_MODEL: "", LINGUACODUS_MODEL: "shared", LINGUACODUS_BASE_URL: "http://s/v1" })).toEqual([
      "shared",
      "http://s/v1",
    ]);
  });

  it("uses the OpenAI API's default model when only an API key is set", () => {
    expect(resolveModel("coder", {}, { OPENAI_API_KEY: "k" })).toMatchObject({
      model: DEFAULT_OPENAI_MODEL,
      apiKey: "k",
      baseUrl: undefined,
    });
  });

  it("takes the API key from LINGUACODUS_<ROLE>_API_KEY, then LINGUACODUS_API_KEY, then OPENAI_API_KEY", () => {
    const e = { OPENAI_MODEL: "gpt", LINGUACODUS_CODER_API_KEY: "k-role", LINGUACODUS_API_KEY: "k-shared", OPENAI_API_KEY: "k-openai" };
    expect(resolveModel("coder", {}, e)?.apiKey).toBe("k-role");
    expect(resolveModel("fixer", {}, e)?.apiKey).toBe("k-shared");
    expect(resolveModel("fixer", {}, { OPENAI_MODEL: "gpt", OPENAI_API_KEY: "k-openai" })).toMatchObject({
      apiKey: "k-openai",
      baseUrl: undefined,
    });
  });

  it("uses apiKey 'not-needed' for a keyless base URL", () => {
    expect(resolveModel("coder", { default: { model: "llama", baseUrl: "http://127.0.0.1:8000/v1" } }, {})).toEqual({
      role: "coder",
      model: "llama",
      baseUrl: "http://127.0.0.1:8000/v1",
      apiKey: "not-needed",
      temperature: 0.1,
      format: "chat",
      maxTokens: undefined,
      structuredOutput: "auto",
      price: null,
    });
  });

  it("returns null when nothing is configured, or no model, or no way to reach a server", () => {
    expect(resolveModel("coder", undefined, {})).toBeNull();
    expect(resolveModel("coder", {}, { OPENAI_BASE_URL: "http://127.0.0.1:8000/v1" })).toBeNull();
    expect(resolveModel("coder", {}, { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:8000/v1" })).toBeNull();
    expect(resolveModel("coder", { coder: { model: "m" } }, {})).toBeNull();
    expect(resolveModel("coder", {}, { OPENAI_MODEL: "m" })).toBeNull();
  });

  it("resolves temperature by the same precedence, with per-role defaults", () => {
    const base = { default: { model: "m", baseUrl: "http://x/v1" } };
    expect(resolveModel("instructor", base, {})?.temperature).toBe(0.7);
    expect(resolveModel("researcher", base, {})?.temperature).toBe(0.2);
    expect(resolveModel("coder", base, {})?.temperature).toBe(0.1);
    expect(resolveModel("coder", { default: { ...base.default, temperature: 0.5 } }, {})?.temperature).toBe(0.5);
    expect(resolveModel("coder", { default: { ...base.default, temperature: 0.5 } }, { LINGUACODUS_TEMPERATURE: "0.6" })?.temperature).toBe(
      0.5,
    );
    expect(resolveModel("coder", base, { LINGUACODUS_TEMPERATURE: "0.6" })?.temperature).toBe(0.6);
    expect(resolveModel("coder", { ...base, coder: { temperature: 0 } }, { LINGUACODUS_CODER_TEMPERATURE: "0.9" })?.temperature).toBe(0);
    expect(resolveModel("coder", base, { LINGUACODUS_CODER_TEMPERATURE: "0.9" })?.temperature).toBe(0.9);
    expect(() => resolveModel("coder", base, { LINGUACODUS_TEMPERATURE: "warm" })).toThrow("not a number: warm");
  });

  it("resolves the prompt format and rejects an unknown one", () => {
    const base = { default: { model: "m", baseUrl: "http://x/v1" } };
    expect(resolveModel("instructor", base, { LINGUACODUS_INSTRUCTOR_FORMAT: "llama2" })?.format).toBe("llama2");
    expect(resolveModel("coder", base, { LINGUACODUS_INSTRUCTOR_FORMAT: "llama2" })?.format).toBe("chat");
    expect(
      resolveModel("instructor", { ...base, instructor: { format: "chat" } }, { LINGUACODUS_INSTRUCTOR_FORMAT: "llama2" })?.format,
    ).toBe("chat");
    expect(() => resolveModel("instructor", base, { LINGUACODUS_INSTRUCTOR_FORMAT: "gguf" })).toThrow(
      'unknown prompt format "gguf" for role instructor: use chat or llama2',
    );
  });

  it("takes maxTokens from the role, else the default", () => {
    const base = { model: "m", baseUrl: "http://x/v1" };
    expect(resolveModel("coder", { default: { ...base, maxTokens: 100 }, coder: { maxTokens: 50 } }, {})?.maxTokens).toBe(50);
    expect(resolveModel("fixer", { default: { ...base, maxTokens: 100 }, coder: { maxTokens: 50 } }, {})?.maxTokens).toBe(100);
  });
});

describe("unconfiguredRoles and howToConfigure", () => {
  it("lists the graph roles that have no model", () => {
    expect(unconfiguredRoles({}, GRAPH_ROLES, {})).toEqual(["instructor", "researcher", "decider", "coder", "fixer"]);
    expect(unconfiguredRoles({ instructor: { model: "i", baseUrl: "http://x/v1" } }, GRAPH_ROLES, {})).toEqual([
      "researcher",
      "decider",
      "coder",
      "fixer",
    ]);
    expect(unconfiguredRoles({}, GRAPH_ROLES, { OPENAI_API_KEY: "k", OPENAI_MODEL: "gpt" })).toEqual([]);
  });

  it("names the missing roles and every environment variable to set", () => {
    const text = howToConfigure(["coder", "fixer"]);
    expect(text.split("\n")[0]).toBe("No model is configured for: coder, fixer.");
    for (const name of [
      "OPENAI_API_KEY",
      "OPENAI_MODEL",
      "LINGUACODUS_MODEL",
      "LINGUACODUS_BASE_URL",
      "LINGUACODUS_<ROLE>_MODEL",
      "LINGUACODUS_<ROLE>_BASE_URL",
      "LINGUACODUS_<ROLE>_API_KEY",
      "LINGUACODUS_INSTRUCTOR_FORMAT=llama2",
      "--engine offline",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("roles: instructor, researcher, decider, coder, fixer;");
  });
});

describe("createModelProvider / createRoleModel", () => {
  const env = {};
  const settings: ModelsSettings = {
    default: { model: "chat-m", baseUrl: "http://127.0.0.1:9/v1" },
    instructor: { model: "llama-ft", format: "llama2" },
  };

  it("builds a chat model per chat role and a text-completion model for llama2, once each", () => {
    const provider = createModelProvider(settings, transport, env);
    const coder = provider.forRole("coder");
    expect(coder).toMatchObject({ role: "coder", name: "chat-m", kind: "chat" });
    expect(coder.model).toBeInstanceOf(ChatOpenAICompletions);
    expect(provider.forRole("coder")).toBe(coder);
    const instructor = provider.forRole("instructor");
    expect(instructor).toMatchObject({ role: "instructor", name: "llama-ft", kind: "text" });
    expect(instructor.model).toBeInstanceOf(OpenAI);
  });

  it("passes model, temperature, retries and the base URL to the client", () => {
    const built = createRoleModel(
      {
        role: "fixer",
        model: "m1",
        baseUrl: "http://h/v1",
        apiKey: "not-needed",
        temperature: 0.3,
        format: "chat",
        maxTokens: 77,
        structuredOutput: "auto",
        price: null,
      },
      { timeoutMs: 1234, maxRetries: 4 },
    );
    const model = built.model as ChatOpenAICompletions;
    expect(model.model).toBe("m1");
    expect(model.temperature).toBe(0.3);
    expect(model.maxTokens).toBe(77);
    expect(model.timeout).toBe(1234);
    expect((model.caller as unknown as { maxRetries: number }).maxRetries).toBe(4);
    expect(model.clientConfig.baseURL).toBe("http://h/v1");
  });

  it("throws the configuration help for a role without a model", () => {
    const provider = createModelProvider({}, transport, {});
    expect(() => provider.forRole("decider")).toThrow(/No model is configured for: decider\./);
  });
});

describe("structured-output setting and prices", () => {
  const base = { default: { model: "m", baseUrl: "http://h/v1" } };

  it("takes structuredOutput from the role, then LINGUACODUS_<ROLE>_STRUCTURED, then the default, then LINGUACODUS_STRUCTURED; auto otherwise", () => {
    expect(resolveModel("decider", base, {})?.structuredOutput).toBe("auto");
    expect(resolveModel("decider", base, { LINGUACODUS_STRUCTURED: "jsonMode" })?.structuredOutput).toBe("jsonMode");
    expect(
      resolveModel("decider", base, { LINGUACODUS_STRUCTURED: "jsonMode", LINGUACODUS_DECIDER_STRUCTURED: "functionCalling" })
        ?.structuredOutput,
    ).toBe("functionCalling");
    expect(
      resolveModel("decider", { ...base, decider: { structuredOutput: "prompt" } }, { LINGUACODUS_DECIDER_STRUCTURED: "jsonSchema" })
        ?.structuredOutput,
    ).toBe("prompt");
  });

  it("names the variable for an unknown setting", () => {
    expect(() => resolveModel("researcher", base, { LINGUACODUS_RESEARCHER_STRUCTURED: "grammar" })).toThrow(
      'unknown structured-output setting "grammar" for role researcher: use auto, jsonSchema, functionCalling, jsonMode, prompt (LINGUACODUS_RESEARCHER_STRUCTURED)',
    );
  });

  it("prices a model from LINGUACODUS_PRICES, the context's prices winning", () => {
    const env = { LINGUACODUS_PRICES: '{"m": {"input": 0.15, "output": 0.6}, "other": {"input": 1, "output": 2}}' };
    expect(resolveModel("coder", base, env)?.price).toEqual({ input: 0.15, output: 0.6 });
    expect(resolveModel("coder", { ...base, prices: { m: { input: 3, output: 4 } } }, env)?.price).toEqual({ input: 3, output: 4 });
    expect(resolveModel("coder", base, {})?.price).toBeNull();
    expect(() => resolveModel("coder", base, { LINGUACODUS_PRICES: "cheap" })).toThrow(/^LINGUACODUS_PRICES is not JSON/);
    expect(() => resolveModel("coder", base, { LINGUACODUS_PRICES: '{"m": {"input": -1, "output": 1}}' })).toThrow(
      /^LINGUACODUS_PRICES: m\.input: /,
    );
  });
});
