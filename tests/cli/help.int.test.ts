/** --help and mistyped words through the real CLI (bin/linguacodus.js; the test setup runs it from source): every subcommand's flags come from its table. */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import type { CommandSpec } from "../../src/cli/flags.js";
import { SOLVE } from "../../src/cli/solve-flags.js";
import { RESUME } from "../../src/cli/resume-flags.js";
import { BENCH } from "../../src/cli/bench-flags.js";
import { EXEC } from "../../src/cli/exec-flags.js";
import { DATASET } from "../../src/cli/dataset-flags.js";
import { WORKER } from "../../src/cli/worker-flags.js";
import { EXPERIENCE } from "../../src/cli/experience-flags.js";

const SPECS: CommandSpec[] = [SOLVE, RESUME, BENCH, EXEC, DATASET, WORKER, EXPERIENCE];

describe("linguacodus --help and mistakes", { timeout: 240_000 }, () => {
  it("lists every subcommand, and each one's --help names every flag with its meaning and default, on stdout, exit 0", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    const listed = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(SPECS.map((s) => s.name).sort());

    const helps = await Promise.all(SPECS.map((spec) => runCli([spec.name, "--help"])));
    SPECS.forEach((spec, i) => {
      const { code, stdout, stderr } = helps[i];
      expect(code, `${spec.name}: ${stderr}`).toBe(0);
      expect(stderr, spec.name).toBe("");
      expect(stdout.split("\n")[0], spec.name).toBe(`usage: linguacodus ${spec.name} ${spec.usage[0]}`);
      const lines = stdout.split("\n");
      for (const [name, flag] of Object.entries(spec.flags)) {
        const line = lines.find((l) => new RegExp(`^ +(-\\w, )?--${name}( |$)`).test(l));
        expect(line, `${spec.name} --${name}`).toBeDefined();
        expect(line, `${spec.name} --${name}`).toContain(flag.help);
        if (flag.byDefault) expect(line, `${spec.name} --${name}`).toContain(`(default: ${flag.byDefault})`);
      }
      expect(
        lines.some((l) => /^ {2}-h, --help +show this help and exit$/.test(l)),
        spec.name,
      ).toBe(true);
    });
    const short = await runCli(["resume", "-h"]);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(helps[1].stdout);
  });

  it("a mistyped flag, subcommand or command says which was meant and exits 2", async () => {
    const [flag, nested, command, unknown, bench] = await Promise.all([
      runCli(["solve", "task", "--candidate", "2"]),
      runCli(["experience", "lsit"]),
      runCli(["slove", "task"]),
      runCli(["exec", "x.py", "--frobnicate"]),
      runCli(["bench", "suite", "--concurency", "2"]),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stdout).toBe("");
    expect(flag.stderr).toBe(
      "linguacodus solve: unknown option --candidate — did you mean --candidates?\n" +
        "usage: linguacodus solve <task-dir> [options]\n(linguacodus solve --help lists every option)\n",
    );
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/^linguacodus experience: unknown subcommand "lsit" — did you mean "list"\?\n/);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^unknown command "slove" — did you mean "solve"\?\n/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^linguacodus exec: unknown option --frobnicate\n/);
    expect(bench.code).toBe(2);
    expect(bench.stderr).toMatch(/^linguacodus bench: unknown option --concurency — did you mean --concurrency\?\n/);
  });
});
