// Handlers that loop over thousands of cases must let the event loop turn: BullMQ renews job locks on a
// timer, and a loop that holds the thread past the lock duration loses its job to another worker.

/** Resolves on the next turn of the event loop, after pending I/O callbacks and timers. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Returns a function to call inside a hot loop: it yields only when `budgetMs` has passed since the last
 * yield, so the check costs a clock read per item and the loop still gives way a few times per second.
 */
export function timeSliceYielder(budgetMs = 50): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < budgetMs) return undefined;
    return yieldToEventLoop().then(() => {
      sliceStart = performance.now();
    });
  };
}
