import { parseArgs } from "node:util";
import { didYouMean } from "./did-you-mean.js";

/** A command-line mistake (exit code 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** One flag of a command: how parseArgs reads it and what --help says about it. */
export interface Flag {
  /** A switch (boolean) or an option that takes a value (string). */
  type: "string" | "boolean";
  /** One-letter alias, if any. */
  short?: string;
  /** The value's placeholder in --help (N, DIR, FILE, ...); string flags only. */
  value?: string;
  /** What the flag does, in one line. */
  help: string;
  /** The default as --help shows it; absent when there is none. */
  byDefault?: string;
}

/** A command's flags by long name. */
export type FlagTable = Record<string, Flag>;

/** A command as both parsing and --help read it: one table of flags, no second copy. */
export interface CommandSpec<T extends FlagTable = FlagTable> {
  /** The command's words after `linguacodus` ("solve", "dataset extract"). */
  name: string;
  /** What follows the name on each usage line ("<task-dir> [options]"). */
  usage: readonly string[];
  /** What the command does, and anything its flags do not say; may be several paragraphs. */
  about: string;
  /** The flags (--help is added to every command). */
  flags: T;
  /** Words the first positional must be one of (subcommands), if any. */
  subcommands?: readonly string[];
}

/** The --help flag every command takes. */
export const HELP_FLAG = { help: { type: "boolean", short: "h", help: "show this help and exit" } } as const satisfies FlagTable;

/** A command's flags with --help. */
type WithHelp<T extends FlagTable> = T & typeof HELP_FLAG;

/** parseArgs' configuration for a command's flags (strict, positionals allowed). */
interface ParseConfig<T extends FlagTable> {
  args: string[];
  options: WithHelp<T>;
  allowPositionals: true;
  strict: true;
}

/** What parseArgs makes of a command's arguments. */
export type ParsedFlags<T extends FlagTable> = ReturnType<typeof parseArgs<ParseConfig<T>>>;

/**
 * Parses a command's arguments with node:util parseArgs from its flag table; "help" when --help
 * or -h is among them. An unknown flag is a UsageError naming the flag the user most likely
 * meant; so is an unknown subcommand when the command has subcommands.
 */
export function parseFlags<T extends FlagTable>(spec: CommandSpec<T>, argv: string[]): ParsedFlags<T> | "help" {
  const options: WithHelp<T> = { ...spec.flags, ...HELP_FLAG };
  const loose = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  if (loose.values.help === true) return "help";
  const names = Object.keys(options);
  for (const token of loose.tokens) {
    if (token.kind !== "option" || Object.hasOwn(options, token.name)) continue;
    const suggestion = token.rawName.startsWith("--") ? didYouMean(token.name, names, (name) => `--${name}`) : "";
    throw new UsageError(`unknown option ${token.rawName}${suggestion}`);
  }
  let parsed: ParsedFlags<T>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const sub = parsed.positionals[0];
  if (spec.subcommands && sub !== undefined && !spec.subcommands.includes(sub)) {
    throw new UsageError(`unknown subcommand "${sub}"${didYouMean(sub, spec.subcommands)}`);
  }
  return parsed;
}
