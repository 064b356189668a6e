/**
 * The process a worker starts for each job (forked with an IPC channel, ahead of the job, so its
 * modules load while the worker waits): runs the one job it is sent with the Postgres checkpointer
 * and reports node starts and the output to the worker. It exits when the worker goes away, so a
 * killed worker leaves nothing running that a retry would race.
 */
import { isCheckpointStoreError } from "../run/checkpoint-store-error.js";
import { openJobCheckpointer } from "./checkpointer.js";
import { JobRefusedError, runJob } from "./handlers.js";
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
    const onNode = (node: string, fixAttempts: number) => void send({ type: "node", node, fixAttempts });
    const output = await runJob(parsed.data, {
      jobId: request.jobId,
      checkpointer,
      policy: request.policy,
      onNode,
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
