/**
 * Fakes for unit tests of nodes and engines: chat models that record their prompts, a model
 * provider of such models, a scripted Engine, a scripted PythonExecutor, a tiny task on disk,
 * temp directories and ready-made instructions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BaseMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import type { ChatResult } from "@langchain/core/outputs";
import { createModelEngine } from "../../src/engines/model/index.js";
import type { Engine } from "../../src/engines/engine.js";
import type { ModelProvider, RoleModel } from "../../src/models/factory.js";
import type { Role } from "../../src/models/usage.js";
import type { ExecRequest, ExecResult, PythonExecutor } from "../../src/tools/sandbox/executor-types.js";
import { makeContext, type Context } from "../../src/graph/linguacodus/context.js";
import type { ServiceOverrides } from "../../src/graph/linguacodus/services.js";
import { InstructionSchema, type Instruction } from "../../src/types/instruction.js";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { LinguacodusState, type State } from "../../src/graph/linguacodus/state.js";
import type { Task } from "../../src/types/task.js";
import type { DataProfile } from "../../src/types/profile.js";
import type { Attempt } from "../../src/types/attempt.js";
import type { Failure } from "../../src/types/failure.js";
import { loadTask } from "../../src/tools/task/load-task.js";
import { profileData } from "../../src/tools/task/profile-data.js";

/** The interpreter the tests use. */
export const PYTHON = "/usr/bin/python3";

/** A FakeListChatModel that records every prompt it gets; can also hang until aborted. */
export class RecordingChatModel extends FakeListChatModel {
  /** The messages of every call, in order. */
  readonly calls: BaseMessage[][] = [];
  /** When true, every call waits until its signal aborts (then rejects). */
  hang = false;

  override async _generate(...args: Parameters<FakeListChatModel["_generate"]>): Promise<ChatResult> {
    const [messages, options] = args;
    this.calls.push(messages);
    if (this.hang) {
      await new Promise<never>((_, reject) => {
        const signal = options?.signal;
        if (!signal) return; // never settles: only a caller's timeout ends it
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    return super._generate(...args);
  }

  /** Text of every message of call `i` (system + user), joined by blank lines. */
  promptText(i = 0): string {
    const call = this.calls[i];
    if (!call) throw new Error(`no call ${i} recorded (${this.calls.length} calls)`);
    return call.map((m) => m.text).join("\n\n");
  }
}

/** A chat model for a role, as the provider hands it out. */
export function fakeRoleModel(role: Role, model: RecordingChatModel): RoleModel {
  return { role, name: "fake", kind: "chat", model };
}

/** A provider whose roles answer from fixed reply lists; asking another role throws. */
export function fakeProvider(replies: Partial<Record<Role, string[]>>): {
  provider: ModelProvider;
  models: Partial<Record<Role, RecordingChatModel>>;
} {
  const models: Partial<Record<Role, RecordingChatModel>> = {};
  for (const [role, responses] of Object.entries(replies) as Array<[Role, string[]]>) {
    models[role] = new RecordingChatModel({ responses });
  }
  return {
    models,
    provider: {
      forRole(role) {
        const model = models[role];
        if (!model) throw new Error(`fakeProvider: no replies for role ${role}`);
        return fakeRoleModel(role, model);
      },
    },
  };
}

/** The real model engine on fake chat models. */
export function fakeModelEngine(replies: Partial<Record<Role, string[]>>, timeoutMs = 10_000) {
  const { provider, models } = fakeProvider(replies);
  return { engine: createModelEngine({ models: provider, timeoutMs }), models };
}

/** An Engine whose methods throw unless scripted. */
export function fakeEngine(methods: Partial<Omit<Engine, "name">> = {}, name: Engine["name"] = "model"): Engine {
  const missing = (what: string) => () => Promise.reject(new Error(`fakeEngine: ${what} not scripted`));
  return {
    name,
    rankInstruction: methods.rankInstruction ?? missing("rankInstruction"),
    research: methods.research ?? missing("research"),
    decide: methods.decide ?? missing("decide"),
    writeBlock: methods.writeBlock ?? missing("writeBlock"),
    fix: methods.fix ?? missing("fix"),
    vanilla: methods.vanilla ?? missing("vanilla"),
    improve: methods.improve ?? missing("improve"),
  };
}

/** A full ExecResult with defaults of a clean successful run. */
export function execResult(overrides: Partial<ExecResult> = {}): ExecResult {
  return {
    exitCode: 0,
    signal: null,
    limitHit: null,
    durationMs: 12,
    peakMemoryKb: 1000,
    stdout: "",
    stderr: "",
    truncated: false,
    files: [],
    sandbox: "none",
    gaps: [],
    ok: true,
    ...overrides,
  };
}

/** Script version `version` of a run as its attempt record: written (v1 by integrate, later ones by a fix), not yet executed. */
export function attempt(runDir: string, version: number, overrides: Partial<Attempt> = {}): Attempt {
  return {
    version,
    codePath: join(runDir, `code/solution.v${version}.py`),
    origin: version === 1 ? "blocks" : "fix",
    fix: version === 1 ? null : { change: "+1 −1 lines", escalated: false },
    fixesWithoutCode: [],
    workDir: null,
    execution: null,
    check: null,
    failure: null,
    holdoutScore: null,
    startedAt: 1000,
    endedAt: null,
    ...overrides,
  };
}

/** Script version `version` after it ran in exec/attempt-<version> and failed with `failure`. */
export function failedAttempt(runDir: string, version: number, failure: Failure, overrides: Partial<Attempt> = {}): Attempt {
  return attempt(runDir, version, {
    workDir: join(runDir, "exec", `attempt-${version}`),
    execution: execResult({ exitCode: 1, ok: false, stderr: failure.error }),
    check: { ok: false, problems: [failure.summary], validationScore: null },
    failure,
    endedAt: 1500,
    ...overrides,
  });
}

/** A PythonExecutor that records requests and answers with a scripted result (optionally writing files first). */
export class FakeExecutor implements PythonExecutor {
  readonly kind = "none" as const;
  /** Every request received. */
  readonly requests: ExecRequest[] = [];

  constructor(private readonly answer: (request: ExecRequest) => ExecResult | Promise<ExecResult> = () => execResult()) {}

  async run(request: ExecRequest): Promise<ExecResult> {
    this.requests.push(request);
    return this.answer(request);
  }
}

/** A node config: the run context plus in-process engine/executor overrides. */
export function nodeConfig(
  context: Partial<Parameters<typeof makeContext>[0]> = {},
  overrides: ServiceOverrides = {},
): LangGraphRunnableConfig {
  return { context: makeContext(context), configurable: { ...overrides } } as LangGraphRunnableConfig & { context: Context };
}

/** Temp directories removed by `cleanup()` (call it in afterEach/afterAll). */
export function tempDirs() {
  const made: string[] = [];
  return {
    make(prefix = "lc-test-"): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    cleanup(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes files (relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Number of rows in the tiny task's test file. */
export const TINY_TEST_ROWS = 10;

/** Writes a tiny binary-classification task (accuracy, 0/1 labels, id column "id") into `dir`. */
export function writeTinyTask(dir: string): void {
  const cities = ["Oslo", "Lima", "Pune"];
  const train = ["id,age,city,label", ...Array.from({ length: 30 }, (_, i) => `${i},${20 + ((i * 7) % 40)},${cities[i % 3]},${i % 2}`)];
  const testIds = Array.from({ length: TINY_TEST_ROWS }, (_, i) => 100 + i);
  const test = ["id,age,city", ...testIds.map((id, i) => `${id},${25 + i},${cities[i % 3]}`)];
  const sample = ["id,label", ...testIds.map((id) => `${id},0`)];
  writeFiles(dir, {
    "description.md": "# Tiny churn\n\nPredict whether a customer leaves.\n\n## Evaluation\n\nSubmissions are evaluated on accuracy.\n",
    "train.csv": train.join("\n") + "\n",
    "test.csv": test.join("\n") + "\n",
    "sample_submission.csv": sample.join("\n") + "\n",
  });
}

/** The ids of the tiny task's test file. */
export const TINY_TEST_IDS = Array.from({ length: TINY_TEST_ROWS }, (_, i) => 100 + i);

const step = (text: string, tag: string, library?: string) => ({ text, tag, ...(library ? { library } : {}) });

/** An instruction reply as the instructor writes it (no rank). */
export function instructionBody(title: string) {
  return {
    title,
    summary: `Approach ${title}: impute, encode and fit a forest.`,
    preprocessing: [
      step("Impute missing ages with the median.", "Data_Transform", "pandas"),
      step("One-hot encode the city.", "Feature_Engineering", "scikit-learn"),
    ],
    model: [step("Use a RandomForestClassifier with 200 trees.", "Model_Train", "scikit-learn")],
    training: [step("Fit on all rows after 5-fold cross-validation.", "Model_Train")],
    validation: [step("Report 5-fold accuracy.", "Model_Evaluation")],
    submission: [step("Write id and label to submission.csv.", "Data_Export", "pandas")],
  };
}

/** A typed Instruction of `rank`. */
export function instruction(rank: number, title = `Forest ${rank}`): Instruction {
  return InstructionSchema.parse({ rank, ...instructionBody(title) });
}

/** Wraps code in a python fence as models do. */
export function fenced(code: string): string {
  return `Here is the code:\n\n\`\`\`python\n${code}\n\`\`\`\n`;
}

/** A loaded and profiled tiny task with an empty run directory: the state every model node starts from. */
export async function tinyRun(
  dirs: ReturnType<typeof tempDirs>,
): Promise<{ task: Task; profile: DataProfile; runDir: string; state: State }> {
  const root = dirs.make("lc-tiny-");
  const taskDir = join(root, "task");
  writeTinyTask(taskDir);
  const task = await loadTask(taskDir);
  const profile = await profileData(task, { python: PYTHON });
  const runDir = join(root, "run");
  return { task, profile, runDir, state: baseState({ taskDir, task, profile, runDir, engine: "model" }) };
}

/** A full State from a partial one, with the schema's defaults filled (whatever fields the schema grows). */
export function baseState(partial: Partial<State> & { taskDir: string }): State {
  return {
    ...LinguacodusState.parse({
      candidates: [],
      trials: [],
      attempts: [],
      blocks: {},
      usage: [],
      fallbacks: [],
      status: "running",
      error: null,
      ...partial,
    }),
    ...partial,
  };
}

/** A profiled tiny task shared by a test file's tests (made in beforeAll, removed in afterAll). */
export function useTinyRun() {
  const dirs = tempDirs();
  let shared: Awaited<ReturnType<typeof tinyRun>> | undefined;
  beforeAll(async () => {
    shared = await tinyRun(dirs);
  });
  afterAll(() => dirs.cleanup());
  const run = () => {
    if (!shared) throw new Error("useTinyRun: the tiny run is made in beforeAll; use it inside tests");
    return shared;
  };
  return {
    /** The tiny task's loaded task, profile and state. */
    run,
    /** A state of the tiny task with a fresh run directory (artifacts never overwrite, so each test gets its own). */
    freshState: (extra: Partial<State> = {}): State => ({ ...run().state, runDir: join(dirs.make("lc-run-"), "run"), ...extra }),
  };
}

/** Reads a text artifact of a run directory. */
export function readArtifact(dir: string, path: string): string {
  return readFileSync(join(dir, path), "utf8");
}
