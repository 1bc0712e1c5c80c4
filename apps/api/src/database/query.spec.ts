import { alongside } from './query';

/** A statement that settles when told to, recording whether anything ran before it was issued. */
function statement<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

describe('alongside', () => {
  it('runs the work while the statement is pending and answers with both results', async () => {
    const pending = statement<string>();
    const order: string[] = [];
    const both = alongside(pending.promise, () => {
      order.push('work');
      return 42;
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['work']);
    order.push('statement');
    pending.resolve('rows');
    await expect(both).resolves.toEqual(['rows', 42]);
    expect(order).toEqual(['work', 'statement']);
  });

  it('lets promise steps already queued (the statement being sent) run before the work', async () => {
    const order: string[] = [];
    const sent = Promise.resolve()
      .then(() => undefined)
      .then(() => {
        order.push('sent');
        return 'rows';
      });
    await alongside(sent, () => order.push('work'));
    expect(order).toEqual(['sent', 'work']);
  });

  it('when the work throws, waits for the statement to finish and then throws the work’s error', async () => {
    const pending = statement<string>();
    let settled = false;
    const both = alongside(pending.promise, () => {
      throw new Error('bad input');
    }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    pending.reject(new Error('statement failed too'));
    await expect(both).rejects.toThrow('bad input');
  });

  it('waits for asynchronous work as well (statements on another connection), failing after the statement', async () => {
    const pending = statement<string>();
    let settled = false;
    const both = alongside(pending.promise, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'inputs';
    });
    pending.resolve('replaced');
    await expect(both).resolves.toEqual(['replaced', 'inputs']);

    const slow = statement<string>();
    const failing = alongside(slow.promise, async () => {
      throw new Error('could not read');
    }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    slow.resolve('replaced');
    await expect(failing).rejects.toThrow('could not read');
  });

  it('observes the statement at once, so that one failing during the work is never unhandled', async () => {
    const pending = statement<string>();
    let observed = false;
    const then = pending.promise.then.bind(pending.promise);
    pending.promise.then = ((...args: Parameters<typeof then>) => {
      observed = true;
      return then(...args);
    }) as typeof pending.promise.then;
    const both = alongside(pending.promise, () => 'done');
    // Before alongside yields: Node would otherwise report a rejection meanwhile as unhandled.
    expect(observed).toBe(true);
    pending.reject(new Error('deadlock detected'));
    await expect(both).rejects.toThrow('deadlock detected');
  });
});
