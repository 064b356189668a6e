import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chooseEngine, getEngine, getExecutor } from "../../src/graph/linguacodus/services.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { FakeExecutor, fakeEngine } from "../helpers/fakes.js";

/** chooseEngine reads process.env (through unconfiguredRoles): clear the model variables around each test. */
const MODEL_VARIABLE = /^(OPENAI_|LINGUACODUS_)/;
let saved: Record<string, string> = {};

beforeEach(() => {
  saved = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (MODEL_VARIABLE.test(name) && value !== undefined && name !== "LINGUACODUS_PYTHON") {
      saved[name] = value;
      delete process.env[name];
    }
  }
});
afterEach(() => {
  for (const name of Object.keys(process.env)) {
    if (MODEL_VARIABLE.test(name) && name !== "LINGUACODUS_PYTHON") delete process.env[name];
  }
  Object.assign(process.env, saved);
});

const all = { default: { model: "m", baseUrl: "http://127.0.0.1:9/v1" } };

describe("chooseEngine", () => {
  it("runs offline under auto when no model is configured", () => {
    expect(chooseEngine(makeContext({ engine: "auto" }))).toBe("offline");
  });

  it("uses the model under auto when every role is configured (context or environment)", () => {
    expect(chooseEngine(makeContext({ engine: "auto", models: all }))).toBe("model");
    process.env.OPENAI_API_KEY = "k";
    process.env.OPENAI_MODEL = "gpt-4o-mini";
    expect(chooseEngine(makeContext({ engine: "auto" }))).toBe("model");
  });

  it("refuses a partly configured model set under auto, listing the missing roles", () => {
    const context = makeContext({
      models: { instructor: { model: "i", baseUrl: "http://x/v1" }, coder: { model: "c", baseUrl: "http://x/v1" } },
    });
    expect(() => chooseEngine(context)).toThrow(/^No model is configured for: researcher, decider, fixer\./);
    process.env.LINGUACODUS_FIXER_MODEL = "f";
    process.env.LINGUACODUS_FIXER_BASE_URL = "http://x/v1";
    expect(() => chooseEngine(context)).toThrow(/^No model is configured for: researcher, decider\./);
  });

  it("refuses engine model with nothing configured, naming every role and the variables", () => {
    expect(() => chooseEngine(makeContext({ engine: "model" }))).toThrow(
      /No model is configured for: instructor, researcher, decider, coder, fixer\.[\s\S]*OPENAI_API_KEY/,
    );
  });

  it("honours engine offline even when models are configured", () => {
    expect(chooseEngine(makeContext({ engine: "offline", models: all }))).toBe("offline");
  });

  it("takes an in-process engine override's name before anything else", () => {
    expect(chooseEngine(makeContext({ engine: "model" }), { configurable: { engine: fakeEngine() } })).toBe("model");
    expect(chooseEngine(makeContext({ engine: "model" }), { configurable: { engine: fakeEngine({}, "offline") } })).toBe("offline");
  });
});

describe("getEngine and getExecutor", () => {
  it("return the in-process overrides as given", async () => {
    const engine = fakeEngine();
    const executor = new FakeExecutor();
    const config = { configurable: { engine, executor } };
    expect(await getEngine("offline", makeContext(), config)).toBe(engine);
    expect(getExecutor(makeContext(), config)).toBe(executor);
  });

  it("build the model engine from the context models", async () => {
    const engine = await getEngine("model", makeContext({ models: all }));
    expect(engine.name).toBe("model");
  });
});
