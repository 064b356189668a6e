/**
 * Which files of a task directory are data, as the profiler (python/data_files.py) reads them:
 * delimited text (.csv, .tsv, optionally .gz/.bz2/.xz/.zip compressed, or a .zip holding one CSV),
 * Parquet, images; and formats that are recognised but not read, with their names.
 */

/** What a task file is to the loader. */
export type DataFileKind = "table" | "compressed-table" | "parquet" | "image" | "unsupported" | "other";

const COMPRESSION = /\.(gz|bz2|xz|zip)$/i;
const TABLE = /\.(csv|tsv)$/i;
const PARQUET = /\.(parquet|pq)$/i;
const IMAGE = /\.(jpe?g|png|gif|bmp|tiff?|webp)$/i;

/** Formats recognised by extension but not read, by what they are. */
const UNSUPPORTED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.xlsx?$/i, "an Excel workbook"],
  [/\.jsonl?$/i, "JSON"],
  [/\.feather$/i, "Feather"],
  [/\.(h5|hdf5)$/i, "HDF5"],
  [/\.(pkl|pickle)$/i, "a Python pickle"],
  [/\.npz?$/i, "NumPy arrays"],
  [/\.arff$/i, "ARFF"],
];

/** The kind of a task file by its name. */
export function dataFileKind(name: string): DataFileKind {
  const base = name.replace(COMPRESSION, "");
  if (base !== name && (TABLE.test(base) || (/\.zip$/i.test(name) && !base.includes(".")))) return "compressed-table";
  if (TABLE.test(name)) return "table";
  if (PARQUET.test(name)) return "parquet";
  if (IMAGE.test(name)) return "image";
  if (unsupportedFormat(name) !== null) return "unsupported";
  return "other";
}

/** What an unsupported data file is ("an Excel workbook"), or null. */
export function unsupportedFormat(name: string): string | null {
  return UNSUPPORTED.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** Whether the profiler reads a file of this kind as a data table. */
export function isDataTable(kind: DataFileKind): boolean {
  return kind === "table" || kind === "compressed-table" || kind === "parquet";
}
