const ONES = [
  "",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const IRREGULAR: Record<string, string> = {
  one: "first",
  two: "second",
  three: "third",
  five: "fifth",
  eight: "eighth",
  nine: "ninth",
  twelve: "twelfth",
};

function cardinal(n: number): string {
  if (n < 20) return ONES[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? `-${ONES[n % 10]}` : "");
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred${n % 100 ? ` ${cardinal(n % 100)}` : ""}`;
  const thousands = Math.floor(n / 1000);
  return `${cardinal(thousands)} thousand${n % 1000 ? ` ${cardinal(n % 1000)}` : ""}`;
}

/** The ordinal word of a positive integer: 1 → "first", 22 → "twenty-second", 100 → "one hundredth". */
export function ordinalWord(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= 1_000_000) throw new Error(`ordinalWord needs an integer from 1 to 999999, got ${n}`);
  const words = cardinal(n);
  const match = /^(.*?)([a-z]+)$/.exec(words)!;
  const [, head, last] = match;
  const ordinal = IRREGULAR[last] ?? (last.endsWith("y") ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return head + ordinal;
}
