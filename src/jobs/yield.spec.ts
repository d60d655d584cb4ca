import { timeSliceYielder, yieldToEventLoop } from './yield';

describe('yielding to the event loop', () => {
  it('lets a setImmediate callback queued earlier run first', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('immediate'));
    await yieldToEventLoop();
    order.push('after yield');
    expect(order).toEqual(['immediate', 'after yield']);
  });

  it('yields only once the time slice is used up', async () => {
    const maybeYield = timeSliceYielder(20);
    expect(maybeYield()).toBeUndefined();
    const start = performance.now();
    while (performance.now() - start < 25) {
      // hold the thread past the slice
    }
    const pending = maybeYield();
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(maybeYield()).toBeUndefined(); // a new slice started after the yield
  });
});
