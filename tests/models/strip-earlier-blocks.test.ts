import { describe, expect, it } from "vitest";
import { stripEarlierBlocks } from "../../src/engines/model/strip-earlier-blocks.js";

describe("stripEarlierBlocks", () => {
  const pre = "import pandas as pd\ntrain = pd.read_csv('input/train.csv')";
  const model = "model = RandomForestClassifier()";

  it("removes earlier blocks a reply repeats verbatim", () => {
    const reply = `${pre}\n\n${model}\n\nscores = cross_val_score(model, X, y)\nprint(scores)\n`;
    expect(stripEarlierBlocks(reply, [pre, model])).toBe("scores = cross_val_score(model, X, y)\nprint(scores)\n");
  });

  it("keeps a reply that only resembles earlier code", () => {
    const reply = "train = pd.read_csv('input/train.csv', sep=';')\nprint(train.shape)\n";
    expect(stripEarlierBlocks(reply, [pre, model])).toBe(reply);
  });

  it("ignores empty earlier blocks", () => {
    expect(stripEarlierBlocks("print(1)\n", ["", "  "])).toBe("print(1)\n");
  });
});

describe("stripEarlierBlocks on partial lines", () => {
  it("never cuts an earlier block's text out of a longer line", () => {
    const reply = "X = train_features\nprint(X)\n";
    expect(stripEarlierBlocks(reply, ["X = train"])).toBe(reply);
  });
});
