import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadTaskNode } from "../../src/agents/load-task.js";
import { profileDataNode } from "../../src/agents/profile-data.js";
import { TaskError } from "../../src/tools/task/load-task.js";
import { describeProfile } from "../../src/tools/task/describe-profile.js";
import { baseState, fakeEngine, nodeConfig, PYTHON, tempDirs, writeTinyTask } from "../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function tinyTaskDir(name = "task"): string {
  const dir = join(dirs.make("lc-load-"), name);
  writeTinyTask(dir);
  return dir;
}

describe("load-task node", () => {
  it("loads the task, records the chosen engine and writes task.json into the given run directory", async () => {
    const taskDir = tinyTaskDir();
    const runDir = join(dirs.make("lc-run-"), "run");
    const update = await loadTaskNode(baseState({ taskDir }), nodeConfig({ engine: "offline", runDir, candidates: 2 }));
    expect(update.engine).toBe("offline");
    expect(update.runDir).toBe(resolve(runDir));
    expect(update.task).toMatchObject({ dir: resolve(taskDir), title: "Tiny churn" });
    expect(update.task?.files.map((f) => f.name)).toEqual(["sample_submission.csv", "test.csv", "train.csv"]);
    const saved = JSON.parse(readFileSync(join(runDir, "task.json"), "utf8"));
    expect(saved).toMatchObject({ title: "Tiny churn", engine: "offline", context: { engine: "offline", candidates: 2, runDir } });
  });

  it("names a new run <date>-<time>-<task>-<hex> under runsDir, using the parent's name for a public/ folder", async () => {
    const taskDir = join(dirs.make("lc-load-"), "My Task!", "public");
    writeTinyTask(taskDir);
    const runsDir = dirs.make("lc-runs-");
    const update = await loadTaskNode(baseState({ taskDir }), nodeConfig({ engine: "offline", runsDir }));
    expect(update.runId).toMatch(/^\d{8}-\d{6}-my-task-[0-9a-f]{4}$/);
    expect(update.runDir).toBe(resolve(runsDir, update.runId!));
    expect(existsSync(join(update.runDir!, "task.json"))).toBe(true);
  });

  it("keeps a run id and run directory already in the state", async () => {
    const runDir = join(dirs.make("lc-run-"), "existing");
    const update = await loadTaskNode(
      baseState({ taskDir: tinyTaskDir(), runId: "r-1", runDir }),
      nodeConfig({ engine: "offline", runDir: "/elsewhere" }),
    );
    expect(update).toMatchObject({ runId: "r-1", runDir: resolve(runDir) });
  });

  it("takes the engine name from an in-process engine override", async () => {
    const update = await loadTaskNode(
      baseState({ taskDir: tinyTaskDir() }),
      nodeConfig({ runDir: join(dirs.make("lc-run-"), "run") }, { engine: fakeEngine() }),
    );
    expect(update.engine).toBe("model");
  });

  it("fails with a TaskError naming a missing task directory", async () => {
    const missing = join(dirs.make("lc-load-"), "nope");
    const error = await loadTaskNode(baseState({ taskDir: missing }), nodeConfig({ engine: "offline" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toContain(missing);
  });
});

describe("profile-data node", () => {
  it("profiles the task and writes profile.json and profile.md", async () => {
    const taskDir = tinyTaskDir();
    const runDir = join(dirs.make("lc-run-"), "run");
    const loaded = await loadTaskNode(baseState({ taskDir }), nodeConfig({ engine: "offline", runDir }));
    const update = await profileDataNode(baseState({ taskDir, ...loaded }), nodeConfig({ python: PYTHON }));
    const profile = update.profile!;
    expect(profile).toMatchObject({
      trainFile: "train.csv",
      labelColumn: "label",
      idColumn: "id",
      taskType: "binary",
      metric: "accuracy",
      submissionForm: "label",
    });
    expect(JSON.parse(readFileSync(join(runDir, "profile.json"), "utf8"))).toEqual(profile);
    expect(readFileSync(join(runDir, "profile.md"), "utf8")).toBe(describeProfile(profile) + "\n");
  });

  it("needs a loaded task", async () => {
    await expect(profileDataNode(baseState({ taskDir: "/x" }), nodeConfig())).rejects.toThrow(/needs a loaded task/);
  });

  it("reports a missing Python interpreter clearly", async () => {
    const taskDir = tinyTaskDir();
    const runDir = join(dirs.make("lc-run-"), "run");
    const loaded = await loadTaskNode(baseState({ taskDir }), nodeConfig({ engine: "offline", runDir }));
    await expect(profileDataNode(baseState({ taskDir, ...loaded }), nodeConfig({ python: "/nonexistent/python3" }))).rejects.toThrow(
      /Python interpreter not found: \/nonexistent\/python3/,
    );
  });
});
