import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance } from "../../src/cli/did-you-mean.js";
import { type CommandSpec, parseFlags, UsageError } from "../../src/cli/flags.js";
import { helpText, usageMistake } from "../../src/cli/help-text.js";

const SPEC = {
  name: "demo",
  usage: ["<thing> [options]"],
  about: "Does a demo.",
  flags: {
    candidates: { type: "string", value: "N", help: "how many", byDefault: "3" },
    review: { type: "boolean", help: "pause for review" },
    out: { type: "string", short: "o", value: "DIR", help: "where it goes" },
  },
  subcommands: ["list", "show", "forget"],
} as const satisfies CommandSpec;

describe("edit distance and suggestions", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours as one edit each", () => {
    expect(editDistance("candidate", "candidates")).toBe(1);
    expect(editDistance("cnadidates", "candidates")).toBe(1);
    expect(editDistance("canddiates", "candidates")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests the nearest known word, or the only one a prefix abbreviates, and nothing when none is near", () => {
    expect(closest("slove", ["solve", "resume", "bench"])).toBe("solve");
    expect(closest("lsit", ["list", "show", "forget"])).toBe("list");
    expect(closest("cand", ["candidates", "concurrency"])).toBe("candidates");
    expect(closest("c", ["candidates", "concurrency"])).toBeNull();
    expect(closest("frobnicate", ["solve", "resume"])).toBeNull();
    expect(didYouMean("slove", ["solve"])).toBe(' — did you mean "solve"?');
    expect(didYouMean("zzz", ["solve"])).toBe("");
  });
});

describe("a command's flag table", () => {
  it("parses flags and positionals, and answers --help and -h", () => {
    const parsed = parseFlags(SPEC, ["list", "--candidates", "2", "--review", "-o", "x"]);
    if (parsed === "help") throw new Error("unexpected help");
    expect(parsed.values).toEqual({ candidates: "2", review: true, out: "x" });
    expect(parsed.positionals).toEqual(["list"]);
    expect(parseFlags(SPEC, ["list", "--help"])).toBe("help");
    expect(parseFlags(SPEC, ["-h"])).toBe("help");
  });

  it("rejects an unknown flag or subcommand with the one meant", () => {
    expect(() => parseFlags(SPEC, ["list", "--candidate", "2"])).toThrow(
      new UsageError("unknown option --candidate — did you mean --candidates?"),
    );
    expect(() => parseFlags(SPEC, ["list", "--zzzz"])).toThrow(new UsageError("unknown option --zzzz"));
    expect(() => parseFlags(SPEC, ["list", "-x"])).toThrow(new UsageError("unknown option -x"));
    expect(() => parseFlags(SPEC, ["shwo"])).toThrow(new UsageError('unknown subcommand "shwo" — did you mean "show"?'));
    expect(() => parseFlags(SPEC, ["list", "--out"])).toThrow(UsageError);
    expect(() => parseFlags(SPEC, ["list", "--review=yes"])).toThrow(UsageError);
  });

  it("writes --help from the same table: usage, what it does, one line per flag with its meaning and default", () => {
    const lines = helpText(SPEC).split("\n");
    expect(lines[0]).toBe("usage: linguacodus demo <thing> [options]");
    expect(lines).toContain("Does a demo.");
    expect(lines.find((l) => l.includes("--candidates N"))).toMatch(/^ {6}--candidates N +how many \(default: 3\)$/);
    expect(lines.find((l) => l.includes("--review"))).toMatch(/--review +pause for review$/);
    expect(lines.find((l) => l.includes("--out DIR"))).toMatch(/^ {2}-o, --out DIR +where it goes$/);
    expect(lines.find((l) => l.includes("--help"))).toMatch(/^ {2}-h, --help +show this help and exit$/);
  });

  it("states a usage mistake with the usage and where the help is", () => {
    expect(usageMistake(SPEC, "expected one thing")).toBe(
      "linguacodus demo: expected one thing\nusage: linguacodus demo <thing> [options]\n(linguacodus demo --help lists every option)\n",
    );
  });
});
