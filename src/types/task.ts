import { z } from "zod";

/** One data file of a task. */
export const TaskFileSchema = z.object({
  /** File name relative to the task directory. */
  name: z.string(),
  /** Size in bytes. */
  bytes: z.number().int(),
});

/** A loaded task: its directory, description and data files. */
export const TaskSchema = z.object({
  /** Absolute path of the task directory (a benchmark task's public/ folder). */
  dir: z.string(),
  /** Task title (first markdown heading of description.md, else the directory name). */
  title: z.string(),
  /** The full text of description.md. */
  description: z.string(),
  /** Data and extra files of the task (CSV and others), sorted by name. */
  files: z.array(TaskFileSchema),
});
export type Task = z.infer<typeof TaskSchema>;
