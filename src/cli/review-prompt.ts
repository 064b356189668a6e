import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { writeArtifact } from "../run/artifacts.js";
import type { ReviewRequest } from "../graph/linguacodus/state.js";
import type { ReviewAnswer } from "../graph/linguacodus/state.js";

/** Lines read from standard input, one at a time (works for a TTY and for piped answers). */
export class LineReader {
  private readonly lines: string[] = [];
  private readonly waiting: Array<(line: string | null) => void> = [];
  private closed = false;

  /** Starts reading standard input. */
  constructor() {
    const rl = createInterface({ input: process.stdin, terminal: false });
    rl.on("line", (line) => (this.waiting.shift() ?? ((l: string) => this.lines.push(l)))(line));
    rl.on("close", () => {
      this.closed = true;
      for (const resolve of this.waiting.splice(0)) resolve(null);
    });
  }

  /** Asks a question on stderr and resolves with the next line (null at end of input). */
  async ask(question: string): Promise<string | null> {
    process.stderr.write(question);
    if (this.lines.length) return this.lines.shift()!;
    if (this.closed) return null;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Stops reading standard input. */
  close(): void {
    process.stdin.pause();
    process.stdin.unref?.();
  }
}

/**
 * Shows the decided instruction and asks for approve, edit (in $EDITOR or by editing a file
 * and pressing Enter) or regenerate (with one line of feedback). Null when input ended.
 */
export async function askReview(request: ReviewRequest, runDir: string, reader: LineReader, round: number): Promise<ReviewAnswer | null> {
  process.stderr.write(
    `\n──── instruction for review ────\n${request.markdown}\nRationale: ${request.rationale}\n────────────────────────────────\n`,
  );
  if (request.problem) process.stderr.write(`Your last answer was not accepted: ${request.problem}\n`);
  for (;;) {
    const choice = (await reader.ask("[a]pprove, [e]dit, [r]egenerate? "))?.trim().toLowerCase();
    if (choice === undefined) return null;
    if (choice === "a" || choice === "approve") return { action: "approve" };
    if (choice === "r" || choice === "regenerate") {
      const feedback = (await reader.ask("Feedback for the new candidates (one line, may be empty): ")) ?? "";
      return { action: "regenerate", feedback: feedback.trim() };
    }
    if (choice === "e" || choice === "edit") {
      const path = await writeArtifact(runDir, `review/edit-${round}.md`, request.markdown);
      const editor = process.env.VISUAL ?? process.env.EDITOR;
      if (editor && process.stdin.isTTY) spawnSync(editor, [path], { stdio: "inherit" });
      else if ((await reader.ask(`Edit ${path}, save it, then press Enter: `)) === null) return null;
      return { action: "edit", instruction: await readFile(path, "utf8") };
    }
  }
}
