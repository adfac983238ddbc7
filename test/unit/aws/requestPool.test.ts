import assert from 'node:assert/strict';
import { isThrottling, RequestPool } from '../../../src/aws/requestPool';

/** A clock that only moves when the pool sleeps, so pacing is measured exactly and the test takes no time. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let clock = 0;
  const slept: number[] = [];
  return {
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
      await Promise.resolve();
    },
    slept,
  };
}

const throttled = (): Error =>
  Object.assign(new Error('You have exceeded the rate at which you may call KMS.'), { name: 'ThrottlingException' });

describe('RequestPool', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    const pool = new RequestPool({ concurrency: 4 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 40 }, async () =>
        pool.run('DescribeKey', async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight--;
        }),
      ),
    );
    assert.equal(most, 4);
    assert.equal(pool.peakConcurrency, 4);
  });

  it('retries a throttled request after a growing backoff, then returns its answer', async () => {
    const time = fakeTime();
    const pool = new RequestPool({ ...time, baseBackoffMs: 100, random: () => 1 });
    let attempts = 0;
    const answer = await pool.run('ListKeys', async () => {
      attempts++;
      if (attempts < 3) {
        throw throttled();
      }
      return 'keys';
    });
    assert.equal(answer, 'keys');
    assert.equal(attempts, 3);
    assert.deepEqual(time.slept, [100, 200]);
  });

  it('gives up after maxThrottleRetries and throws the throttling error', async () => {
    const pool = new RequestPool({ ...fakeTime(), maxThrottleRetries: 2 });
    let attempts = 0;
    await assert.rejects(
      pool.run('ListKeys', async () => {
        attempts++;
        throw throttled();
      }),
      { name: 'ThrottlingException' },
    );
    assert.equal(attempts, 3);
  });

  it('does not retry other errors', async () => {
    const pool = new RequestPool({ ...fakeTime() });
    let attempts = 0;
    await assert.rejects(
      pool.run('DisableKey', async () => {
        attempts++;
        throw Object.assign(new Error('pending import'), { name: 'KMSInvalidStateException' });
      }),
      { name: 'KMSInvalidStateException' },
    );
    assert.equal(attempts, 1);
  });

  it("paces an operation to its rate after a burst of half a second's worth", async () => {
    const time = fakeTime();
    const pool = new RequestPool({ ...time, ratesPerSecond: { ListKeyRotations: 10 } });
    const started: number[] = [];
    for (let i = 0; i < 25; i++) {
      await pool.run('ListKeyRotations', async () => {
        started.push(time.now());
      });
    }
    // 5 at once, then one every 100 ms.
    assert.deepEqual(started.slice(0, 5), [0, 0, 0, 0, 0]);
    assert.equal(started[24], 2000);
    for (let i = 0; i + 15 < started.length; i++) {
      assert.ok(
        started.filter((t) => t >= started[i] && t < started[i] + 1000).length <= 15,
        'at most 1.5 × rate in any second',
      );
    }
  });

  it('releases no burst beyond the bucket when timers fire late (a busy event loop)', async () => {
    let clock = 0;
    const late = {
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms * 10;
        await Promise.resolve();
      },
    };
    const pool = new RequestPool({ ...late, ratesPerSecond: { ListKeyRotations: 10 } });
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () =>
        pool.run('ListKeyRotations', async () => {
          sent.push(clock);
        }),
      ),
    );
    for (const start of sent) {
      assert.ok(
        sent.filter((t) => t >= start && t < start + 1000).length <= 15,
        `at most 1.5 × rate in the second from ${start}`,
      );
    }
  });

  it('keeps a paced operation from holding every slot while it waits for its rate', async () => {
    const pool = new RequestPool({ concurrency: 8, ratesPerSecond: { ListKeyRotations: 8 } });
    let rotations = 0;
    let most = 0;
    const slow = Array.from({ length: 6 }, async () =>
      pool.run('ListKeyRotations', async () => {
        rotations++;
        most = Math.max(most, rotations);
        await new Promise((resolve) => setTimeout(resolve, 20));
        rotations--;
      }),
    );
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 20 }, async () =>
        pool.run('DescribeKey', async () => new Promise((resolve) => setTimeout(resolve, 5))),
      ),
    );
    assert.ok(Date.now() - t0 < 400, 'DescribeKey requests were not stuck behind paced ones');
    await Promise.all(slow);
    assert.equal(most, 2, 'a rate of 8/s holds at most 2 slots');
  });

  it('does not pace operations it has no rate for', async () => {
    const time = fakeTime();
    const pool = new RequestPool({ ...time, ratesPerSecond: { ListKeyRotations: 1 } });
    for (let i = 0; i < 10; i++) {
      await pool.run('DescribeKey', async () => undefined);
    }
    assert.deepEqual(time.slept, []);
  });

  it('recognises throttling by error name or HTTP 429', () => {
    assert.equal(isThrottling(throttled()), true);
    assert.equal(
      isThrottling(Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } })),
      true,
    );
    assert.equal(isThrottling(Object.assign(new Error('x'), { name: 'LimitExceededException' })), false);
    assert.equal(isThrottling('ThrottlingException'), false);
  });
});
