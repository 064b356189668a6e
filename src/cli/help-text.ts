import { type CommandSpec, type Flag, HELP_FLAG } from "./flags.js";

/** The usage lines of a command. */
function usageLines(spec: CommandSpec): string[] {
  return spec.usage.map((rest, i) => `${i === 0 ? "usage:" : "      "} linguacodus ${spec.name} ${rest}`);
}

/** A command's --help: usage, what it does, then one line per flag with its meaning and default. */
export function helpText(spec: CommandSpec): string {
  const flags: Array<[string, Flag]> = Object.entries({ ...spec.flags, ...HELP_FLAG });
  const names = flags.map(([name, flag]) => `${flag.short ? `-${flag.short}, ` : "    "}--${name}${flag.value ? ` ${flag.value}` : ""}`);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = flags.map(
    ([, flag], i) => `  ${names[i].padEnd(width)}${flag.help}${flag.byDefault ? ` (default: ${flag.byDefault})` : ""}`,
  );
  return [...usageLines(spec), "", spec.about, "", "options:", ...lines, ""].join("\n");
}

/** What a command prints on stderr for a usage mistake: the mistake, the usage, where the help is. */
export function usageMistake(spec: CommandSpec, message: string): string {
  return [`linguacodus ${spec.name}: ${message}`, ...usageLines(spec), `(linguacodus ${spec.name} --help lists every option)`, ""].join(
    "\n",
  );
}
