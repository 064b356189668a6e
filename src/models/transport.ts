import { AsyncLocalStorage } from "node:async_hooks";
import { getRetryable } from "@langchain/core/errors";
import { classifyRateLimitError } from "@langchain/core/utils/async_caller";

/** Bytes of an over-long or unparseable reply kept in raw/ (the rest is dropped, never stored). */
export const KEPT_REPLY_BYTES = 64 * 1024;

/**
 * A transport failure described for a person: what failed and at which URL. `final` failures are
 * never retried (an oversized reply, a body that is not JSON); connection failures are.
 */
export class ModelTransportError extends Error {
  override readonly name = "ModelTransportError";
  /** Builds the error; `raw` keeps the first bytes of a reply that came but could not be used. */
  constructor(
    message: string,
    readonly final: boolean,
    readonly raw: string | null = null,
    /** Bytes of the reply received (oversized replies). */
    readonly replyBytes: number | null = null,
  ) {
    super(message);
  }
}

/** The reply bodies one model call received, in order (filled by the guarded fetch). */
export interface CallCapture {
  /** Status and text of every reply body read (each at most the reply cap). */
  bodies: Array<{ status: number; text: string }>;
}

const captureStore = new AsyncLocalStorage<CallCapture>();

/** Runs `fn` with a fresh capture of the reply bodies its requests receive. */
export async function withCapture<T>(fn: (capture: CallCapture) => Promise<T>): Promise<T> {
  const capture: CallCapture = { bodies: [] };
  return captureStore.run(capture, () => fn(capture));
}

type Fetch = typeof globalThis.fetch;

/**
 * A fetch for the OpenAI client that reads every reply under a byte cap, names the URL and the
 * failure in its errors (connection refused, the connection closed mid-reply, a body that is not
 * JSON, a reply over the cap), and records the body for the current call (see withCapture). A
 * streamed (server-sent events) reply is passed through as a stream, capped in size.
 */
export function guardedFetch(maxReplyBytes: number, inner: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      throw new ModelTransportError(connectFailure(error, url), false);
    }
    if (response.body && (response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      // a streamed reply stays streamed; only its size is capped
      const body = response.body.pipeThrough(capStream(url, maxReplyBytes));
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    const bytes = await readCapped(response, url, maxReplyBytes, init?.signal ?? undefined);
    const text = new TextDecoder().decode(bytes);
    captureStore.getStore()?.bodies.push({ status: response.status, text });
    if (response.ok && !isJson(text)) {
      throw new ModelTransportError(
        `the server's ${response.status} reply from ${url} is not JSON (${bytes.length} bytes, starts ${JSON.stringify(text.slice(0, 80))}); is the base URL an OpenAI-compatible /v1 endpoint?`,
        true,
        text.slice(0, KEPT_REPLY_BYTES),
      );
    }
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Reads a body into memory, failing once it passes `cap` bytes or the connection drops. */
async function readCapped(response: Response, url: string, cap: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: Awaited<ReturnType<typeof reader.read>>;
    try {
      step = await reader.read();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ModelTransportError(`the server closed the connection mid-reply (${url}, after ${size} bytes): ${causeText(error)}`, false);
    }
    if (step.done) break;
    chunks.push(step.value);
    size += step.value.length;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      const head = new TextDecoder().decode(concat(chunks).subarray(0, KEPT_REPLY_BYTES));
      throw new ModelTransportError(
        `the reply from ${url} passed the ${Math.round(cap / 1024)} KiB reply cap (more than ${size} bytes were sent); it was cut and not used`,
        true,
        head,
        size,
      );
    }
  }
  return concat(chunks);
}

/** Passes a streamed body through, failing it once it passes `cap` bytes. */
function capStream(url: string, cap: number): TransformStream<Uint8Array, Uint8Array> {
  let size = 0;
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.length;
      if (size > cap) {
        controller.error(
          new ModelTransportError(
            `the streamed reply from ${url} passed the ${Math.round(cap / 1024)} KiB reply cap; it was cut and not used`,
            true,
            null,
            size,
          ),
        );
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What a failed connection means, for a person ("connection refused at http://…"). */
function connectFailure(error: unknown, url: string): string {
  const code = errorCode(error);
  const origin = safeOrigin(url);
  if (code === "ECONNREFUSED") return `connection refused at ${origin} (is the server running on that host and port?)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `host not found: ${origin} (check the base URL)`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `the server closed the connection before replying (${url})`;
  if (code === "UND_ERR_HEADERS_TIMEOUT") return `no reply headers from ${url} in time`;
  return `request to ${url} failed: ${causeText(error)}`;
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/(chat\/)?completions$/, "")}`;
  } catch {
    return url;
  }
}

/** The first error code found on an error or its causes (undici nests them). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && e !== null) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string") return code;
      const errors = (e as { errors?: unknown }).errors;
      if (Array.isArray(errors) && errors.length) return errorCode(errors[0]);
      e = (e as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}

/** An error's message with its causes' messages. */
function causeText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++, e = e.cause) parts.push(e.message);
  return parts.join(": ") || String(error);
}

/** The ModelTransportError in an error's cause chain, if any. */
export function transportErrorIn(error: unknown): ModelTransportError | null {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    if (e instanceof ModelTransportError) return e;
    e = typeof e === "object" && e !== null ? (e as { cause?: unknown }).cause : undefined;
  }
  return null;
}

/** HTTP status of an OpenAI client error, if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === "number" ? status : undefined;
}

/** A reply that was parsed and found wrong (by the OpenAI SDK's structured parse): asking again the same way does not help. */
function isReplyParseError(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.name === "ZodError");
}

/**
 * Retry policy for model requests: retries connection failures, 5xx, 408 and 429 (waiting the
 * Retry-After the server names, up to a minute); never retries other 4xx, cancellation, a reply
 * over the cap, a body that is not JSON or a structured reply that failed to parse.
 */
export function retryPolicy(error: unknown): void {
  if (getRetryable(error) === false) throw error;
  if (
    error instanceof Error &&
    (error.name === "AbortError" || error.message.startsWith("AbortError") || error.message.startsWith("Cancel"))
  )
    throw error;
  if (transportErrorIn(error)?.final || isReplyParseError(error)) throw error;
  const status = httpStatusOf(error);
  if (status === 429) {
    const limit = classifyRateLimitError(error);
    if (limit?.action === "wait" && limit.retryAfterMs !== undefined) {
      Object.assign(error as object, { retryAfterMs: limit.retryAfterMs });
      return;
    }
    if (limit?.action === "stop") throw error;
    return;
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) throw error;
}
