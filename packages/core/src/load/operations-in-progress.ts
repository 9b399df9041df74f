/**
 * How many Signet operations (authorize, callback, refresh) this process has in progress, from their start to
 * their answer, awaits included. The pinned verifier's signal: a verification with nothing else of Signet's in
 * progress runs at once on the main thread, where the hand-off to the thread pool would cost more than the
 * verification; beside other operations it goes to the thread pool, so that the main thread keeps serving them.
 */
let inProgress = 0;

export function operationsInProgress(): number {
  return inProgress;
}

/** Runs `run` counted as one operation in progress. */
export async function inProgressWhile<T>(run: () => Promise<T>): Promise<T> {
  inProgress += 1;
  try {
    return await run();
  } finally {
    inProgress -= 1;
  }
}
