/**
 * Waiting on what a test cannot be told about (a server coming back, a
 * replica catching up), the suites' only polling: `eventually` retries an
 * attempt until it succeeds, `until` polls a condition until it holds. Where
 * an event or a promise says when the condition holds, await that instead.
 */

export interface WaitOptions {
  /** Give up after this long; the test's own timeout should be longer. */
  timeoutMs?: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** What is awaited, for the error when it never happens. */
  what?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it resolves, and resolves to its value; after the
 * timeout, rejects with the last attempt's error.
 */
export async function eventually<T>(attempt: () => Promise<T> | T, { timeoutMs = 30_000, intervalMs = 100, what }: WaitOptions = {}): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (performance.now() > deadline) {
        if (what && error instanceof Error) error.message = `${what} did not happen within ${timeoutMs} ms: ${error.message}`;
        throw error;
      }
    }
    await pause(intervalMs);
  }
}

/**
 * Resolves once `condition` holds; rejects naming `what` (and `describe()`,
 * when given) after the timeout. An error thrown by `condition` ends the wait
 * at once: it is a failure, not a "not yet".
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 20, what = 'the condition', describe }: WaitOptions & { describe?: () => string } = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms${describe ? `: ${describe()}` : ''}`);
    await pause(intervalMs);
  }
}
