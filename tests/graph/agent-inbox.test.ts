import { describe, expect, it } from "vitest";
import { humanInterrupt, readReviewReply, REVIEW_ACTION } from "../../src/graph/linguacodus/agent-inbox.js";

describe("the review interrupt in Agent Inbox form", () => {
  it("offers the instruction as an editable argument with accept, edit and respond", () => {
    const shape = humanInterrupt("# Forest\n\nUse a forest.", "Best of three.");
    expect(shape.action_request).toEqual({ action: REVIEW_ACTION, args: { instruction: "# Forest\n\nUse a forest." } });
    expect(shape.config).toEqual({ allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: false });
    expect(shape.description).toContain("**Rationale:** Best of three.");
    expect(humanInterrupt("# F", "", "no sections").description).toMatch(/^\*\*Your last answer was not accepted:\*\* no sections\n/);
  });

  it("reads Agent Inbox replies, alone or as the one-element list it sends", () => {
    expect(readReviewReply([{ type: "accept", args: null }])).toEqual({ answer: { action: "approve" } });
    expect(readReviewReply({ type: "ignore", args: null })).toEqual({ answer: { action: "approve" } });
    expect(readReviewReply([{ type: "response", args: " use fewer trees " }])).toEqual({
      answer: { action: "regenerate", feedback: "use fewer trees" },
    });
    expect(readReviewReply([{ type: "edit", args: { action: REVIEW_ACTION, args: { instruction: "# Edited" } } }])).toEqual({
      answer: { action: "edit", instruction: "# Edited" },
    });
  });

  it("still reads the review answers, and names what is wrong with a bad reply of either form", () => {
    expect(readReviewReply({ action: "approve" })).toEqual({ answer: { action: "approve" } });
    expect(readReviewReply({ action: "regenerate" })).toEqual({ answer: { action: "regenerate", feedback: "" } });
    expect(readReviewReply({ action: "maybe" })).toMatchObject({ problem: expect.stringMatching(/^invalid review answer: action: /) });
    expect(readReviewReply([{ type: "edit", args: { action: REVIEW_ACTION, args: {} } }])).toMatchObject({
      problem: expect.stringMatching(/^invalid review answer: args\.args\.instruction: /),
    });
    expect(readReviewReply({ type: "respond", args: "x" })).toMatchObject({
      problem: expect.stringMatching(/^invalid review answer: type: /),
    });
    expect(readReviewReply([{ type: "accept" }, { type: "accept" }])).toMatchObject({
      problem: expect.stringMatching(/^invalid review answer/),
    });
  });
});
