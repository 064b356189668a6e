import { describe, expect, it } from "vitest";
import { NoCodeError, extractCode, hasStatements } from "../../../src/tools/code/extract-code.js";

const fence = "```";

describe("extractCode", () => {
  it("takes a ```python block and drops the prose around it", () => {
    const reply = `Here is the solution:\n\n${fence}python\nimport pandas as pd\nprint(pd.__version__)\n${fence}\n\nIt prints the version.`;
    expect(extractCode(reply)).toBe("import pandas as pd\nprint(pd.__version__)\n");
  });

  it("accepts ```py, ```Python3, unlabelled and ~~~ fences", () => {
    expect(extractCode(`${fence}py\nx = 1\n${fence}`)).toBe("x = 1\n");
    expect(extractCode(`${fence}Python3\nx = 2\n${fence}`)).toBe("x = 2\n");
    expect(extractCode(`${fence}\nx = 3\n${fence}`)).toBe("x = 3\n");
    expect(extractCode("~~~python\nx = 4\n~~~")).toBe("x = 4\n");
  });

  it("joins several python blocks in order with a blank line, skipping other languages", () => {
    const reply = [
      "First install:",
      `${fence}bash\npip install lightgbm\n${fence}`,
      "Load data:",
      `${fence}python\nimport pandas as pd\ndf = pd.read_csv("input/train.csv")\n${fence}`,
      "Expected output:",
      `${fence}text\nVALIDATION_SCORE: 0.8\n${fence}`,
      `${fence}json\n{"a": 1}\n${fence}`,
      "Then train:",
      `${fence}python\n\nmodel = fit(df)\n\n${fence}`,
    ].join("\n");
    expect(extractCode(reply)).toBe('import pandas as pd\ndf = pd.read_csv("input/train.csv")\n\nmodel = fit(df)\n');
  });

  it("keeps unlabelled code blocks but not unlabelled output blocks when python blocks exist", () => {
    const reply = `${fence}python\nimport numpy as np\n${fence}\n${fence}\nx = np.zeros(3)\n${fence}\nOutput:\n${fence}\nVALIDATION_SCORE: 0.91\nDone in 3 seconds.\n${fence}`;
    expect(extractCode(reply)).toBe("import numpy as np\n\nx = np.zeros(3)\n");
  });

  it("does not close a fence on a shorter fence and keeps indentation", () => {
    const reply = `${fence}${fence[0]}python\ns = """\n${fence}\n"""\ndef f():\n    return s\n${fence}${fence[0]}`;
    expect(extractCode(reply)).toBe(`s = """\n${fence}\n"""\ndef f():\n    return s\n`);
  });

  it("removes the indentation of an indented fence", () => {
    const reply = `1. Run this:\n   ${fence}python\n   def f():\n       return 1\n   ${fence}`;
    expect(extractCode(reply)).toBe("def f():\n    return 1\n");
  });

  it("takes what is there when the final fence is cut off", () => {
    const reply = `Sure.\n${fence}python\nimport os\nfor name in os.listdir("input"):\n    print(name`;
    expect(extractCode(reply)).toBe('import os\nfor name in os.listdir("input"):\n    print(name\n');
  });

  it("accepts an unfenced reply that is plainly code and trims a leading prose line", () => {
    const code = [
      "# Titanic baseline",
      "import pandas as pd",
      "from sklearn.linear_model import LogisticRegression",
      "",
      "def load(name):",
      '    """Read one file.',
      "    Returns a frame.",
      '    """',
      '    return pd.read_csv(f"input/{name}")',
      "",
      "train = load('train.csv')",
      "model = LogisticRegression(",
      "    max_iter=1000,",
      ")",
      "if __name__ == '__main__':",
      "    main()",
    ].join("\n");
    expect(extractCode(code)).toBe(code + "\n");
    expect(extractCode(`Here is the code:\n${code}\n`)).toBe(code + "\n");
  });

  it("throws NoCodeError for prose, quoting the first 200 characters", () => {
    const prose = "I am sorry, but I cannot write this solution. ".repeat(10);
    let caught: unknown;
    try {
      extractCode(prose);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NoCodeError);
    const message = caught instanceof Error ? caught.message : "";
    expect(message).toMatch(/contains no Python code/);
    expect(message).toContain(JSON.stringify(prose.slice(0, 200)) + "…");
    expect(message).not.toContain(prose.slice(0, 201));
  });

  it("throws NoCodeError for prose that mentions code-ish words", () => {
    const reply = "To solve this:\nFirst, load the data with pandas.\nThen train a model (e.g. LightGBM).\nFinally, write submission.csv.";
    expect(() => extractCode(reply)).toThrow(NoCodeError);
  });

  it("throws NoCodeError for an empty or whitespace reply", () => {
    expect(() => extractCode("")).toThrow(/the model reply is empty\. Reply starts: ""/);
    expect(() => extractCode("  \n\t")).toThrow(NoCodeError);
  });

  it("throws NoCodeError when every fence is another language", () => {
    const reply = `${fence}bash\npython solution.py\n${fence}\n${fence}json\n{}\n${fence}`;
    expect(() => extractCode(reply)).toThrow(/no Python code in them \(fences: bash, json\)/);
  });
});

describe("extractCode: replies that hold no runnable Python", () => {
  const fence = "```";
  const rScript =
    'library(randomForest)\ntrain <- read.csv("input/train.csv")\nmodel <- randomForest(label ~ ., data = train)\nwrite.csv(pred, "submission.csv")';

  it("names R in a fence labelled r", () => {
    expect(() => extractCode(`Here is R:\n${fence}r\n${rScript}\n${fence}`)).toThrow(
      /^the reply contained R, not Python \(fences: r\)\. Reply starts: "Here is R:/,
    );
  });

  it("names R in an unlabelled fence and in an unfenced reply", () => {
    expect(() => extractCode(`${fence}\n${rScript}\n${fence}`)).toThrow(/^the reply contained R, not Python/);
    expect(() => extractCode(rScript)).toThrow(/^the reply contained R, not Python \(no code fence\)/);
  });

  it("names other languages by their fence", () => {
    expect(() => extractCode(`${fence}javascript\nconsole.log(1)\n${fence}`)).toThrow(
      /^the reply contained JavaScript, not Python \(fences: javascript\)/,
    );
  });

  it("refuses code made only of comments", () => {
    expect(() => extractCode(`${fence}python\n# load the data\n# train a model\n\n# write the submission\n${fence}`)).toThrow(
      /^the reply's code is only comments: there is nothing to run\. Reply starts:/,
    );
  });

  it("hasStatements: comments and blank lines are not statements", () => {
    expect(hasStatements("# a\n\n   # b\n")).toBe(false);
    expect(hasStatements("# a\nx = 1\n")).toBe(true);
  });
});
