import { rename, stat } from "node:fs/promises";

/** Renames a directory left by an interrupted run to `<dir>.interrupted-N` (the first free N), so nothing is overwritten. */
export async function moveAside(dir: string): Promise<string | null> {
  if (!(await stat(dir).catch(() => null))) return null;
  for (let n = 1; ; n++) {
    const target = `${dir}.interrupted-${n}`;
    if (await stat(target).catch(() => null)) continue;
    await rename(dir, target);
    return target;
  }
}
