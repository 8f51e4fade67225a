import { describe, expect, it } from 'vitest';
import { BatchCopies } from './stage.ts';

/** A promise settled from outside: a COPY that ends when the test says so. */
function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('BatchCopies', () => {
  it('stores one batch at a time and holds the next batch until the one before has been stored', async () => {
    const copies = new BatchCopies();
    const first = deferred();
    const started: number[] = [];
    await copies.add(() => {
      started.push(1);
      return first.promise;
    });
    // The first batch is being stored; the reader goes on and brings the second.
    let secondAdded = false;
    const second = copies
      .add(async () => {
        started.push(2);
      })
      .then(() => {
        secondAdded = true;
      });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1]);
    expect(secondAdded).toBe(false);
    first.resolve();
    await second;
    expect(started).toEqual([1, 2]);
    await copies.end();
  });

  it('stops at a failed batch: the next batch is never stored and the reader gets the failure', async () => {
    const copies = new BatchCopies();
    const failure = new Error('COPY failed');
    await copies.add(() => Promise.reject(failure));
    let stored = false;
    await expect(
      copies.add(async () => {
        stored = true;
      }),
    ).rejects.toBe(failure);
    expect(stored).toBe(false);
    await expect(copies.end()).rejects.toBe(failure);
  });

  it('reports the failure of the last batch at the end', async () => {
    const copies = new BatchCopies();
    const failure = new Error('COPY failed');
    await copies.add(async () => {});
    await copies.add(() => Promise.reject(failure));
    await expect(copies.end()).rejects.toBe(failure);
  });
});
