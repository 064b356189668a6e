import { describe, expect, it } from "vitest";
import { ordinalWord } from "../../src/models/ordinal.js";

describe("ordinalWord", () => {
  it("spells 1..25", () => {
    expect(Array.from({ length: 25 }, (_, i) => ordinalWord(i + 1))).toEqual([
      "first",
      "second",
      "third",
      "fourth",
      "fifth",
      "sixth",
      "seventh",
      "eighth",
      "ninth",
      "tenth",
      "eleventh",
      "twelfth",
      "thirteenth",
      "fourteenth",
      "fifteenth",
      "sixteenth",
      "seventeenth",
      "eighteenth",
      "nineteenth",
      "twentieth",
      "twenty-first",
      "twenty-second",
      "twenty-third",
      "twenty-fourth",
      "twenty-fifth",
    ]);
  });

  it("spells tens, hundreds and thousands", () => {
    expect(ordinalWord(22)).toBe("twenty-second");
    expect(ordinalWord(30)).toBe("thirtieth");
    expect(ordinalWord(99)).toBe("ninety-ninth");
    expect(ordinalWord(100)).toBe("one hundredth");
    expect(ordinalWord(101)).toBe("one hundred first");
    expect(ordinalWord(111)).toBe("one hundred eleventh");
    expect(ordinalWord(212)).toBe("two hundred twelfth");
    expect(ordinalWord(1000)).toBe("one thousandth");
    expect(ordinalWord(1001)).toBe("one thousand first");
    expect(ordinalWord(999_999)).toBe("nine hundred ninety-nine thousand nine hundred ninety-ninth");
  });

  it("rejects what is not a positive integer below a million", () => {
    for (const n of [0, -1, 1.5, Number.NaN, 1_000_000]) expect(() => ordinalWord(n)).toThrow(/integer from 1 to 999999/);
  });
});
