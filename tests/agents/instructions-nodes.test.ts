import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { END, START, Send, StateGraph } from "@langchain/langgraph";
import { rankInstructionsNode } from "../../src/agents/rank-instructions.js";
import { sendCandidates } from "../../src/graph/linguacodus/routes.js";
import { researchNode } from "../../src/agents/research.js";
import { decideNode } from "../../src/agents/decide.js";
import { LinguacodusState, type State } from "../../src/graph/linguacodus/state.js";
import { LinguacodusContext, makeContext } from "../../src/graph/linguacodus/context.js";
import { describeProfile } from "../../src/tools/task/describe-profile.js";
import { renderInstructionMarkdown } from "../../src/types/instruction.js";
import { InstructionReplySchema, schemaText, TAG_LIST } from "../../src/engines/model/schemas.js";
import { FakeExecutor, fakeModelEngine, instruction, instructionBody, nodeConfig, useTinyRun, readArtifact } from "../helpers/fakes.js";

const { run, freshState } = useTinyRun();

describe("sendCandidates", () => {
  it("fans out one Send per rank 1..k to rank-instructions, carrying the state", () => {
    const state = freshState();
    const sends = sendCandidates(state, { context: makeContext({ candidates: 4 }) });
    expect(sends).toHaveLength(4);
    for (const send of sends) expect(send).toBeInstanceOf(Send);
    expect(sends.map((s) => s.node)).toEqual(["rank-instructions", "rank-instructions", "rank-instructions", "rank-instructions"]);
    expect(sends.map((s) => (s.args as State).candidateRank)).toEqual([1, 2, 3, 4]);
    for (const send of sends) {
      expect((send.args as State).taskDir).toBe(state.taskDir);
      expect((send.args as State).runDir).toBe(state.runDir);
      expect((send.args as State).profile).toEqual(state.profile);
    }
  });

  it("uses the context default of 3 candidates", () => {
    expect(sendCandidates(freshState(), { context: {} }).map((s) => (s.args as State).candidateRank)).toEqual([1, 2, 3]);
  });
});

describe("candidates reducer", () => {
  it("merges parallel Send results by rank, sorted, a later write for a rank replacing the earlier", async () => {
    const g = new StateGraph(LinguacodusState, LinguacodusContext)
      .addNode("write", async (s: State) => {
        // reverse finishing order: higher ranks return first
        await new Promise((r) => setTimeout(r, (5 - (s.candidateRank ?? 0)) * 5));
        return { candidates: [instruction(s.candidateRank ?? 0, `parallel ${s.candidateRank}`)] };
      })
      .addNode("rewrite", async () => ({ candidates: [instruction(2, "rewritten 2"), instruction(5, "extra 5")] }))
      .addConditionalEdges(START, (s: State, config) => sendCandidates(s, config).map((send) => new Send("write", send.args)), ["write"])
      .addEdge("write", "rewrite")
      .addEdge("rewrite", END)
      .compile();
    const final = await g.invoke({ taskDir: "/nowhere" }, { context: makeContext({ candidates: 4 }) });
    expect(final.candidates.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(final.candidates.map((c) => c.title)).toEqual(["parallel 1", "rewritten 2", "parallel 3", "parallel 4", "extra 5"]);
  });
});

describe("rank-instructions node (model engine, fake chat model)", () => {
  it("asks for the rank-th place with the profile and description, writes candidate-N.md/.json and raw reply", async () => {
    const reply = JSON.stringify(instructionBody("Gradient boosting"));
    const { engine, models } = fakeModelEngine({ instructor: [reply] });
    const state = freshState({ candidateRank: 2 });
    const update = await rankInstructionsNode(state, nodeConfig({ candidates: 3 }, { engine, executor: new FakeExecutor() }));

    expect(update.candidates).toHaveLength(1);
    const candidate = update.candidates![0];
    expect(candidate.rank).toBe(2);
    expect(candidate.title).toBe("Gradient boosting");
    expect(candidate.preprocessing[1]).toEqual({ text: "One-hot encode the city.", tag: "Feature_Engineering", library: "scikit-learn" });
    expect(update.usage).toEqual([expect.objectContaining({ role: "instructor", model: "fake" })]);

    const prompt = models.instructor!.promptText(0);
    expect(models.instructor!.calls).toHaveLength(1);
    expect(prompt).toContain("the second place among 3 candidate solutions");
    expect(prompt).toContain(describeProfile(run().profile));
    expect(prompt).toContain("Predict whether a customer leaves.");
    expect(prompt).toContain(TAG_LIST);
    expect(prompt).toContain(schemaText(InstructionReplySchema));

    const dir = state.runDir!;
    expect(JSON.parse(readArtifact(dir, "instructions/candidate-2.json"))).toEqual(candidate);
    expect(readArtifact(dir, "instructions/candidate-2.md")).toBe(renderInstructionMarkdown(candidate));
    expect(readArtifact(dir, "raw/instructor-2.1.txt")).toBe(reply);
  });

  it("defaults to rank 1 without a candidateRank and repairs a prose reply on the second try", async () => {
    const good = JSON.stringify(instructionBody("Logistic regression"));
    const { engine, models } = fakeModelEngine({ instructor: ["I would use a random forest.", good] });
    const state = freshState();
    const update = await rankInstructionsNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(update.candidates![0]).toMatchObject({ rank: 1, title: "Logistic regression" });
    expect(models.instructor!.promptText(0)).toContain("the first place among 3");
    expect(models.instructor!.calls[1]).toHaveLength(4);
    expect(models.instructor!.calls[1][3].text).toMatch(/could not be used: the reply contains no JSON object/);
    expect(update.usage).toHaveLength(2);
    expect(readArtifact(state.runDir!, "raw/instructor-1.1.txt")).toBe("I would use a random forest.");
    expect(readArtifact(state.runDir!, "raw/instructor-1.2.txt")).toBe(good);
  });

  it("refuses a state that has not been loaded and profiled", async () => {
    const { engine } = fakeModelEngine({ instructor: ["{}"] });
    await expect(rankInstructionsNode({ ...freshState(), profile: undefined }, nodeConfig({}, { engine }))).rejects.toThrow(
      /run load-task and profile-data first/,
    );
  });
});

describe("research node", () => {
  it("criticises every candidate, filling in an empty critique for a rank the model skipped, and writes critique.md/json", async () => {
    const reply = JSON.stringify({
      critiques: [
        {
          rank: 1,
          flaws: [{ severity: "critical", issue: "Predicts probabilities where labels are scored.", fix: "Predict labels." }],
          strengths: ["Simple."],
        },
        { rank: 9, flaws: [], strengths: [] },
      ],
    });
    const { engine, models } = fakeModelEngine({ researcher: [reply] });
    const candidates = [instruction(1, "Forest A"), instruction(2, "Boosting B")];
    const state = freshState({ candidates });
    const update = await researchNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));

    expect(update.critiques).toEqual([
      {
        rank: 1,
        flaws: [{ severity: "critical", issue: "Predicts probabilities where labels are scored.", fix: "Predict labels." }],
        strengths: ["Simple."],
      },
      { rank: 2, flaws: [], strengths: [] },
    ]);
    const prompt = models.researcher!.promptText(0);
    expect(prompt).toContain("--- Candidate 1 ---\n# Forest A");
    expect(prompt).toContain("--- Candidate 2 ---\n# Boosting B");
    expect(prompt).toContain(describeProfile(run().profile));

    const md = readArtifact(state.runDir!, "critique.md");
    expect(md).toContain("## Candidate 1");
    expect(md).toContain("- **critical**: Predicts probabilities where labels are scored. Fix: Predict labels.");
    expect(md).toMatch(/## Candidate 2\n\nNo flaws found\./);
    expect(JSON.parse(readArtifact(state.runDir!, "critique.json"))).toEqual(update.critiques);
    expect(readArtifact(state.runDir!, "raw/researcher.1.txt")).toBe(reply);
  });

  it("throws without candidates", async () => {
    const { engine } = fakeModelEngine({ researcher: ["{}"] });
    await expect(researchNode(freshState(), nodeConfig({}, { engine }))).rejects.toThrow(/at least one candidate/);
  });
});

describe("decide node", () => {
  const candidates = [instruction(1, "Forest A"), instruction(2, "Boosting B"), instruction(3, "Linear C")];
  const critiques = [
    { rank: 1, flaws: [{ severity: "major" as const, issue: "Leaks the id column.", fix: "Drop id." }], strengths: [] },
    { rank: 2, flaws: [], strengths: ["Strong model."] },
    { rank: 3, flaws: [], strengths: [] },
  ];

  it("takes the chosen candidate, writes decision.json and instruction.md with the rationale", async () => {
    const reply = JSON.stringify({ chosen: 2, rationale: "Boosting has no flaws.", instruction: instructionBody("Improved boosting") });
    const { engine, models } = fakeModelEngine({ decider: [reply] });
    const state = freshState({ candidates, critiques });
    const update = await decideNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));

    expect(update.decision?.chosen).toBe(2);
    expect(update.decision?.rationale).toBe("Boosting has no flaws.");
    expect(update.instruction).toMatchObject({ rank: 2, title: "Improved boosting" });
    expect(update.instruction).toEqual(update.decision?.instruction);
    const prompt = models.decider!.promptText(0);
    expect(prompt).toContain("--- Candidate 3 ---\n# Linear C");
    expect(prompt).toContain(
      'Candidate 1: {"flaws":[{"severity":"major","issue":"Leaks the id column.","fix":"Drop id."}],"strengths":[]}',
    );

    expect(JSON.parse(readArtifact(state.runDir!, "decision.json"))).toEqual(update.decision);
    const md = readArtifact(state.runDir!, "instruction.md");
    expect(md.startsWith(renderInstructionMarkdown(update.instruction!))).toBe(true);
    expect(md).toContain("Chosen: candidate 2. Boosting has no flaws.");
  });

  it("falls back to candidate 1 when the model names a rank that does not exist", async () => {
    const reply = JSON.stringify({ chosen: 7, rationale: "Seven is lucky.", instruction: instructionBody("Lucky") });
    const { engine } = fakeModelEngine({ decider: [reply] });
    const state = freshState({ candidates, critiques });
    const update = await decideNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(update.decision?.chosen).toBe(1);
    expect(update.instruction?.rank).toBe(1);
    expect(update.instruction?.title).toBe("Lucky");
    expect(readArtifact(state.runDir!, "instruction.md")).toContain("Chosen: candidate 1.");
    expect(existsSync(join(state.runDir!, "raw/decider.1.txt"))).toBe(true);
  });
});
