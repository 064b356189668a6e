import { INPUT_DIR } from "../../../tools/task/script-contract.js";
import type { DataProfile } from "../../../types/profile.js";
import { PLAIN_CSV } from "../../../types/profile.js";
import type { PyValue } from "./python.js";

/** A task file's path inside the sandbox, as a script reads it. */
export function inputPath(name: string): string {
  return `${INPUT_DIR}/${name}`;
}

/**
 * The sniffed formats (delimiter, encoding, decimal mark, compression, or Parquet) of the task files
 * a script reads, keyed by their input paths; plain comma-separated UTF-8 files are left out.
 */
export function fileFormats(profile: DataProfile, names: readonly (string | null)[]): Record<string, PyValue> {
  const out: Record<string, PyValue> = {};
  for (const name of names) {
    const format = name ? profile.files.find((f) => f.name === name)?.format : undefined;
    if (!name || !format) continue;
    const plain = (Object.keys(PLAIN_CSV) as (keyof typeof PLAIN_CSV)[]).every((key) => format[key] === PLAIN_CSV[key]);
    if (!plain) out[inputPath(name)] = { ...format };
  }
  return out;
}
