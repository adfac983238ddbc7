import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { DEFAULT_LIMITS } from '../../src/sandbox/server';
import { USAGE } from '../../src/sandbox/cliArgs';
import { useSandbox } from './support';

/**
 * The front end's connection limits: a client that drips its headers or its body is cut off when its timeout
 * passes (Node alone checked only every 30 s), and connections beyond the cap are closed at once. The limits are
 * shortened here; the defaults are what `kms-local --help` says.
 */
describe('sandbox connection limits', function () {
  this.timeout(10_000);
  const limits = { headersTimeoutMs: 600, requestTimeoutMs: 1_500, maxConnections: 3 };
  const fx = useSandbox({ limits });
  const open: Socket[] = [];
  afterEach(() => {
    open.splice(0).forEach((socket) => socket.destroy());
  });

  const socket = async (): Promise<Socket> => {
    const url = new URL(fx.sandbox.endpoint);
    const s = connect(Number(url.port), url.hostname);
    s.on('error', () => undefined);
    open.push(s);
    await new Promise((resolve) => s.once('connect', resolve));
    return s;
  };
  /** Writes `text` one byte every 50 ms until the server closes the socket; resolves with what the server sent. */
  const drip = async (s: Socket, text: string): Promise<string> =>
    new Promise((resolve) => {
      const answer: Buffer[] = [];
      s.on('data', (chunk: Buffer) => answer.push(chunk));
      let at = 0;
      const timer = setInterval(() => {
        if (at < text.length && !s.destroyed) {
          s.write(text[at++] ?? '');
        }
      }, 50);
      s.once('close', () => {
        clearInterval(timer);
        resolve(Buffer.concat(answer).toString('latin1'));
      });
    });
  const host = (): string => new URL(fx.sandbox.endpoint).host;

  it('cuts off a client that drips its headers once the headers timeout passes', async () => {
    // 50 headers at one byte per 50 ms would take over 30 s: the cut comes long before (the test's limit is 10 s).
    const answer = await drip(
      await socket(),
      `POST / HTTP/1.1\r\nHost: ${host()}\r\nX-Amz-Target: TrentService.ListKeys\r\n${'X-Slow: y\r\n'.repeat(50)}\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 408/, 'Request Timeout');
  });

  it('cuts off a client that drips its body once the request timeout passes', async () => {
    const s = await socket();
    s.write(
      `POST / HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n`,
    );
    const answer = await drip(s, '{'.padEnd(1000, ' '));
    assert.match(answer, /^HTTP\/1\.1 408/);
  });

  it('closes connections beyond the cap at once, and serves again once one is gone', async () => {
    const idle = await Promise.all(Array.from({ length: limits.maxConnections }, socket));
    const extra = await socket();
    await new Promise((resolve) => extra.once('close', resolve));
    idle.forEach((s) => s.destroy());
    // The server frees their places when it sees them close, a moment after the client did: ask until it serves.
    for (let attempt = 0; ; attempt++) {
      try {
        assert.ok((await fx.kms.send(new ListKeysCommand({}))).Keys);
        break;
      } catch (error) {
        if (attempt >= 20) {
          throw error;
        }
        await new Promise((resolve) => {
          setTimeout(resolve, 50);
        });
      }
    }
  });

  it('says its default limits in --help', () => {
    assert.deepEqual(DEFAULT_LIMITS, { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 128 });
    assert.match(USAGE, /at most 128 connections at once/);
    assert.match(USAGE, /headers within 10 s and be complete within 30 s/);
  });
});
