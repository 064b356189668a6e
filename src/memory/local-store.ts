import { resolve } from "node:path";

/** File name of the local experience store. */
export const STORE_FILE = "experience.sqlite";

/** Environment variable naming one experience store file for every command. */
export const STORE_ENV = "LINGUACODUS_EXPERIENCE_STORE";

/** The store file a command uses: its option, else LINGUACODUS_EXPERIENCE_STORE, else `fallback`. */
export function storePath(option: string | undefined, fallback: string): string {
  const env = process.env[STORE_ENV];
  return resolve(option ?? (env ? env : fallback));
}
