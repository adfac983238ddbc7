import { createHash, createHmac } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SandboxCredentials } from '../../src/sandbox/context';
import type { RunningSandbox } from '../../src/sandbox/sandbox';

/** Requests below the SDK: hand-built, optionally SigV4-signed, so tests control every byte the server sees. */

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export const json = (response: RawResponse): Record<string, unknown> =>
  JSON.parse(response.body) as Record<string, unknown>;

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends exactly these headers (plus none the caller did not give, except Host when absent) on a fresh connection. */
export async function rawRequest(endpoint: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        method: req.method ?? 'POST',
        path: req.path ?? '/',
        headers: req.headers,
        agent: false,
        setHost: req.headers?.host === undefined && req.headers?.Host === undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

export interface SigningChoices {
  credentials?: SandboxCredentials;
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Headers to send and sign, in addition to the protocol headers. */
  headers?: Record<string, string>;
  /** Header names (lowercase) to send but leave out of the signature. */
  unsigned?: string[];
  method?: string;
  path?: string;
}

/** A request to `TrentService.<target>` signed as an AWS client would sign it, with choices a test may vary. */
export async function signedRequest(
  sandbox: Pick<RunningSandbox, 'endpoint' | 'credentials' | 'region'>,
  target: string,
  body: string,
  choices: SigningChoices = {},
): Promise<RawRequest> {
  const url = new URL(sandbox.endpoint);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `TrentService.${target}`,
    ...choices.headers,
  };
  const signer = new SignatureV4({
    credentials: choices.credentials ?? sandbox.credentials,
    region: choices.region ?? sandbox.region,
    service: choices.service ?? 'kms',
    sha256: TestSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: choices.method ?? 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      path: choices.path ?? '/',
      headers,
      body,
    }),
    { signingDate: choices.signingDate ?? new Date(), unsignableHeaders: new Set(choices.unsigned ?? []) },
  );
  return { method: choices.method ?? 'POST', path: choices.path ?? '/', headers: signed.headers, body };
}

/** Writes raw bytes on a socket, then half-closes it; resolves with whatever the server answered, once it closes. */
export async function rawSocket(
  endpoint: string,
  bytes: Buffer | string,
  options: { halfClose?: boolean; destroyAfterMs?: number } = {},
): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(bytes);
    if (options.halfClose ?? true) {
      socket.end();
    }
    if (options.destroyAfterMs !== undefined) {
      setTimeout(() => socket.destroy(), options.destroyAfterMs);
    }
  });
}

class TestSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(data);
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return Buffer.from(data);
}
