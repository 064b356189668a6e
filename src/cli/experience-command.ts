import { existsSync } from "node:fs";
import { parseFlags } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { EXPERIENCE } from "./experience-flags.js";
import { SqliteStore } from "../memory/sqlite-store.js";
import {
  EXPERIENCE_NAMESPACE,
  forgetExperience,
  getExperience,
  readExperiences,
  type StoredExperience,
} from "../memory/experience-store.js";
import { STORE_FILE, storePath } from "../memory/local-store.js";
import { formatScore } from "../report/format.js";

/** Exit codes: 0 done, 1 a key was not found, 2 bad usage. */
const EXIT = { ok: 0, missing: 1, usage: 2 } as const;

/** A signed percentage, or "—". */
const percent = (value: number | null) => (value === null ? "—" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`);

/** Cuts a cell to `width` characters. */
const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** The list as a fixed-width table, newest first. */
function renderList(items: StoredExperience[]): string {
  const head = `${cell("key", 34)} ${cell("recorded", 16)} ${cell("task", 24)} ${cell("kind", 24)} ${cell("instruction", 40)} ${cell("score", 8)} vs ref`;
  const rows = items.map(({ key, record }) => {
    const p = record.profile;
    const score = record.outcome.status === "succeeded" ? formatScore(record.outcome.score) : record.outcome.status;
    return [
      cell(key, 34),
      cell(record.recordedAt.slice(0, 16).replace("T", " "), 16),
      cell(record.task.title, 24),
      cell([p.taskType, p.metric, p.dataType].filter(Boolean).join(", "), 24),
      cell(record.instruction?.title ?? "(plain reference)", 40),
      cell(score, 8),
      percent(record.outcome.relativeScore),
    ].join(" ");
  });
  return `${[head, ...rows].join("\n")}\n`;
}

/** `linguacodus experience list | show | forget`. */
export async function experienceCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(EXPERIENCE, argv);
  } catch (error) {
    return usage((error as Error).message);
  }
  if (parsed === "help") {
    process.stdout.write(helpText(EXPERIENCE));
    return EXIT.ok;
  }
  const { values, positionals } = parsed;
  const [sub, ...keys] = positionals;
  if (sub !== "list" && sub !== "show" && sub !== "forget") return usage("missing subcommand (list, show or forget)");
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    return usage(`--limit needs a whole number ≥ 1, got "${values.limit}"`);
  if (sub === "list" && keys.length) return usage("list takes no keys");
  if (sub === "show" && keys.length !== 1) return usage("show takes exactly one key");
  if (sub === "forget" && (keys.length === 0) === !values.all) return usage("forget takes keys, or --all");

  const path = storePath(values.store, `runs/${STORE_FILE}`);
  if (!existsSync(path)) {
    if (sub === "list") process.stdout.write(values.json ? "[]\n" : `no experience store at ${path}\n`);
    else process.stderr.write(`error: no experience store at ${path}\n`);
    return sub === "list" ? EXIT.ok : EXIT.missing;
  }
  const store = SqliteStore.open(path);
  try {
    if (sub === "list") {
      const { items, invalid } = await readExperiences(store, { limit });
      process.stdout.write(values.json ? `${JSON.stringify(items.map(({ key, record }) => ({ key, ...record })))}\n` : renderList(items));
      if (invalid) process.stderr.write(`${invalid} stored value(s) are not valid experience records (skipped)\n`);
      return EXIT.ok;
    }
    if (sub === "show") {
      const record = await getExperience(store, keys[0]);
      if (!record) {
        process.stderr.write(`error: no experience "${keys[0]}" in ${path}\n`);
        return EXIT.missing;
      }
      process.stdout.write(`${JSON.stringify({ key: keys[0], ...record }, null, 2)}\n`);
      return EXIT.ok;
    }
    const targets = values.all ? (await store.search(EXPERIENCE_NAMESPACE, { limit: Number.MAX_SAFE_INTEGER })).map((i) => i.key) : keys;
    let missing = 0;
    for (const key of targets) {
      if (await forgetExperience(store, key)) continue;
      missing++;
      process.stderr.write(`no experience "${key}"\n`);
    }
    process.stdout.write(`forgot ${targets.length - missing} experience(s) in ${path}\n`);
    return missing ? EXIT.missing : EXIT.ok;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.missing;
  } finally {
    store.close();
  }
}

function usage(message: string): number {
  process.stderr.write(usageMistake(EXPERIENCE, message));
  return EXIT.usage;
}
