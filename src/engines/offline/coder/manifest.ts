import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PYTHON_DIR } from "../../../package-paths.js";

/** The ops package the coder composes scripts from. */
export const OPS_DIR = join(PYTHON_DIR, "linguacodus_ops");

/** One parameter of a Python op: required, or its default. */
const ParamSchema = z.union([z.object({ required: z.literal(true) }).strict(), z.object({ default: z.unknown() }).strict()]);

/** The contract of one Python op as manifest.json records it. */
const ContractSchema = z
  .object({
    /** The module (file stem) that defines the op. */
    module: z.string(),
    /** State names the op reads or changes in place. */
    needs: z.array(z.string()),
    /** State names the op sets. */
    defines: z.array(z.string()),
    /** Keyword parameters after the state. */
    params: z.record(z.string(), ParamSchema),
  })
  .strict();
export type OpContract = z.infer<typeof ContractSchema>;

/** python/linguacodus_ops/manifest.json, written by `python3 -m linguacodus_ops.manifest`. */
const ManifestSchema = z
  .object({
    /** Modules in inlining order, with the package modules each imports. */
    modules: z.record(z.string(), z.object({ depends: z.array(z.string()) }).strict()),
    /** Every op by function name. */
    ops: z.record(z.string(), ContractSchema),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;

let loaded: Manifest | null = null;

/** The ops manifest, read and validated once. */
export function manifest(): Manifest {
  loaded ??= ManifestSchema.parse(JSON.parse(readFileSync(join(OPS_DIR, "manifest.json"), "utf8")));
  return loaded;
}

/** The contract of a Python op; throws for an op the package does not define. */
export function contractOf(op: string): OpContract {
  const contract = manifest().ops[op];
  if (!contract) throw new Error(`python/linguacodus_ops defines no op "${op}" (regenerate manifest.json?)`);
  return contract;
}
