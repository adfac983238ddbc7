import * as assert from 'node:assert/strict';
import { BackgroundLoads, LoadPerKey } from '../../../src/aws/keyLoads';
import { ListingOrder } from '../../../src/aws/listingOrder';

/** A promise with its resolve and reject, to finish a load when the test says so. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LoadPerKey', () => {
  it('shares one running load between callers, and reports its answer once', async () => {
    const done: [string, number][] = [];
    const loads = new LoadPerKey<number>((id, value) => done.push([id, value]));
    let started = 0;
    const start = async () => {
      started++;
      return 7;
    };
    const [a, b] = await Promise.all([loads.get('k', start), loads.get('k', start)]);
    assert.deepEqual([a, b, started], [7, 7, 1]);
    assert.equal(await loads.get('k', start), 7);
    assert.equal(started, 1, 'an answered load is kept until forgotten');
    assert.deepEqual(done, [['k', 7]]);
  });

  it('forgets a failed load, so the next call loads again', async () => {
    const loads = new LoadPerKey<number>(() => undefined);
    await assert.rejects(
      loads.get('k', async () => Promise.reject(new Error('throttled'))),
      /throttled/,
    );
    assert.equal(await loads.get('k', async () => 2), 2);
  });

  it('ignores the answer of a load superseded by forget()', async () => {
    const done: number[] = [];
    const loads = new LoadPerKey<number>((_id, value) => done.push(value));
    const slow = deferred<number>();
    const first = loads.get('k', async () => slow.promise);
    loads.forget('k');
    assert.equal(await loads.get('k', async () => 2), 2);
    slow.resolve(1);
    assert.equal(await first, 1);
    assert.deepEqual(done, [2]);
  });
});

describe('BackgroundLoads', () => {
  it('settled() waits for every load, and failures go to onError with what failed', async () => {
    const errors: string[] = [];
    const background = new BackgroundLoads((what, error) => errors.push(`${what}: ${(error as Error).message}`));
    const slow = deferred<void>();
    background.track(slow.promise, 'slow');
    background.track(Promise.reject(new Error('denied')), 'key material of k');
    let settled = false;
    const waiting = background.settled().then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false);
    slow.resolve();
    await waiting;
    assert.deepEqual(errors, ['key material of k: denied']);
  });

  it('settled() resolves at once with nothing running, and a failure without onError is swallowed', async () => {
    const background = new BackgroundLoads();
    await background.settled();
    background.track(Promise.reject(new Error('lost')), 'x');
    await background.settled();
  });
});

describe('ListingOrder', () => {
  it('keeps listing order, each key once, a prepended key first', () => {
    const order = new ListingOrder();
    order.append('a');
    order.append('b');
    order.append('a');
    order.prepend('new');
    order.prepend('b');
    assert.deepEqual(order.list(), ['new', 'a', 'b']);
    assert.equal(order.has('b'), true);
  });

  it('removes a key, which may then be listed again', () => {
    const order = new ListingOrder();
    order.append('a');
    order.append('b');
    order.remove('a');
    order.remove('missing');
    assert.deepEqual(order.list(), ['b']);
    assert.equal(order.has('a'), false);
    order.append('a');
    assert.deepEqual(order.list(), ['b', 'a']);
  });
});
