/**
 * The process a worker starts for each job (forked with an IPC channel, ahead of the job, so its
 * modules load while the worker waits): runs the one job it is sent with the Postgres checkpointer
 * and reports its progress events (stdout lines excepted) and the output to the worker. It exits when the worker goes away, so a
 * killed worker leaves nothing running that a retry would race.
 */
import { isCheckpointStoreError } from "../run/checkpoint-store-error.js";
import { openJobCheckpointer } from "./checkpointer.js";
import { JobRefusedError, runJob } from "./handlers.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { JobDataSchema } from "./jobs.js";
import { EXIT_ORPHANED, EXIT_STORE_DOWN, type JobReply, type JobRequest } from "./protocol.js";

const send = (reply: JobReply) => new Promise<void>((done) => process.send?.(reply, () => done()) ?? done());

async function serve(request: JobRequest): Promise<number> {
  const parsed = JobDataSchema.safeParse(request.data);
  if (!parsed.success) {
    await send({
      type: "refused",
      message: `bad job data: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    });
    return 0;
  }
  let checkpointer;
  try {
    checkpointer = await openJobCheckpointer(request.checkpointerUrl);
  } catch (error) {
    process.stderr.write(`job ${request.jobId}: checkpoint database unavailable: ${(error as Error).message}\n`);
    return EXIT_STORE_DOWN;
  }
  try {
    // A script's stdout lines stay here: too many to send through the queue for every follower.
    const onProgress = (event: ProgressEvent) => void (event.event === "stdout" ? undefined : send({ type: "progress", event }));
    const output = await runJob(parsed.data, {
      jobId: request.jobId,
      checkpointer,
      policy: request.policy,
      onProgress,
      deadline: request.deadline,
    });
    await send({ type: "done", output });
    return 0;
  } catch (error) {
    if (isCheckpointStoreError(error)) {
      process.stderr.write(`job ${request.jobId}: ${(error as Error).message}\n`);
      return EXIT_STORE_DOWN;
    }
    if (error instanceof JobRefusedError) {
      await send({ type: "refused", message: error.message });
      return 0;
    }
    throw error;
  } finally {
    await checkpointer.end().catch(() => undefined);
  }
}

process.on("disconnect", () => process.exit(EXIT_ORPHANED));
if (!process.connected) process.exit(EXIT_ORPHANED); // the worker went away while this spare loaded
// Ctrl-C reaches the whole process group: the worker decides (it lets running jobs finish).
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => undefined);
process.once("message", (request: JobRequest) => {
  serve(request).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`job ${request.jobId} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
});
