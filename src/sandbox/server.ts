import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { internal, KmsError } from './errors';
import type { KmsService } from './service';
import { verifySignature, type SignatureRules } from './sigv4';

/**
 * The awsJson1_1 front end (kms-api.md §2): `POST /` with `X-Amz-Target: TrentService.<Operation>`, SigV4 checked
 * against the sandbox credentials. Whatever a client sends, the server answers it (or drops a vanished client) and
 * keeps serving.
 */

const TARGET_PREFIX = 'TrentService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

/**
 * On every reply, so that a client can tell it is talking to this sandbox and not to AWS KMS: nothing else says so
 * honestly (a loopback address may be a tunnel to AWS, an account id can be anything). kms-envelope warns on seeing
 * it that the keys protect nothing. The client side names it in src/aws/kmsLocal.ts (sandbox/ cannot import aws/).
 */
export const KMS_LOCAL_HEADER = 'x-kms-local';
const KMS_LOCAL_VALUE = 'sandbox KMS; its keys protect nothing';

export interface FrontEndOptions {
  service: KmsService;
  signature: Omit<SignatureRules, 'service'>;
  /** Larger request bodies get 413 without being read. */
  maxBodyBytes: number;
  /** Added before every response, to make a local sandbox feel like a remote service. */
  latencyMs: number;
  /** Where internal failures are reported (never with request contents). */
  log(line: string): void;
  /** Default DEFAULT_LIMITS; tests shorten them. */
  limits?: ConnectionLimits;
}

interface Reply {
  status: number;
  body: string;
}

/** The client disconnected before its request was complete: there is nobody to answer. */
class ClientGone extends Error {}

/** The limits `kms-local --help` states: a client has 10 s for its headers and 30 s for the whole request. */
export const DEFAULT_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 128,
};

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Connections beyond this are closed at once: a local tool has no business with hundreds. */
  maxConnections: number;
}

export function createKmsServer(options: FrontEndOptions): Server {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Node checks the two timeouts only every connectionsCheckingInterval (30 s by default), which let a client that
  // drips its headers hold a socket for 30 s, and one that drips its body for 60 s. Check often enough to keep them.
  const server = createServer(
    { connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)) },
    (req, res) => {
      void handle(req, res, options);
    },
  );
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: FrontEndOptions): Promise<void> {
  // A reset connection emits 'error' on these streams; without a listener it would crash the process.
  req.on('error', () => undefined);
  res.on('error', () => undefined);
  const requestId = randomUUID();
  const reply = await answer(req, options, requestId);
  if (reply === undefined) {
    return;
  }
  if (options.latencyMs > 0) {
    await delay(options.latencyMs);
  }
  send(req, res, reply, requestId);
}

async function answer(req: IncomingMessage, options: FrontEndOptions, requestId: string): Promise<Reply | undefined> {
  let operation = '(none)';
  try {
    checkHost(req);
    const body = await readBody(req, options.maxBodyBytes);
    const url = requestUrl(req);
    await verifySignature(
      { method: req.method ?? '', path: url.pathname, query: queryOf(url), headers: headersOf(req), body },
      { ...options.signature, service: 'kms' },
    );
    if (req.method !== 'POST' || url.pathname !== '/') {
      throw new KmsError('UnknownOperationException');
    }
    checkContentType(req.headers['content-type']);
    operation = operationName(req.headers['x-amz-target']);
    const result = await options.service.call(operation, parseJson(body));
    return { status: 200, body: result === undefined ? '' : JSON.stringify(result) };
  } catch (error) {
    if (error instanceof ClientGone) {
      return undefined;
    }
    if (error instanceof KmsError) {
      return errorReply(error);
    }
    options.log(`kms-local: internal error in ${operation} (request ${requestId}): ${describe(error)}`);
    return errorReply(internal());
  }
}

function errorReply(error: KmsError): Reply {
  const payload: Record<string, string> = { __type: error.type };
  if (error.hasMessage) {
    payload.message = error.message;
  }
  return { status: error.status, body: JSON.stringify(payload) };
}

/**
 * DNS-rebinding defence: a web page that points its own host name at 127.0.0.1 can reach this port, but its
 * requests carry that host name. Only the loopback address we are bound to, or `localhost`, with our port passes.
 */
function checkHost(req: IncomingMessage): void {
  const host = (req.headers.host ?? '').toLowerCase();
  const { localAddress = '', localPort } = req.socket;
  const address = localAddress.startsWith('::ffff:') ? localAddress.slice('::ffff:'.length) : localAddress;
  const accepted = [address.includes(':') ? `[${address}]` : address, 'localhost'].map(
    (name) => `${name}:${localPort}`,
  );
  if (!accepted.includes(host)) {
    throw new KmsError(
      'AccessDeniedException',
      `kms-local only answers requests addressed to ${accepted.join(' or ')}; the Host header was '${host}'.`,
      403,
    );
  }
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://sandbox');
  } catch {
    throw new KmsError('UnknownOperationException'); // a request target no AWS client sends
  }
}

function checkContentType(contentType: string | undefined): void {
  if (!(contentType ?? '').toLowerCase().includes('json')) {
    throw new KmsError('SerializationException', `Unsupported Content-Type '${contentType ?? ''}': use ${JSON_TYPE}.`);
  }
}

function operationName(target: string | string[] | undefined): string {
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new KmsError('UnknownOperationException');
  }
  return target.slice(TARGET_PREFIX.length);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) {
    return {};
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new KmsError('SerializationException', 'Unexpected character in the request body: it is not valid JSON.');
  }
}

const tooLarge = (limit: number): KmsError =>
  new KmsError('RequestEntityTooLargeException', `Request bodies are limited to ${limit} bytes.`, 413);

/** Reads the body, refusing (without reading on) as soon as it is known to exceed `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    throw tooLarge(limit);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stop();
        reject(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onGone = (): void => {
      stop();
      reject(new ClientGone());
    };
    const stop = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      req.pause();
    };
    req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** Header values as SigV4 canonicalises them: lowercase names, repeated headers joined with ','. */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  return headers;
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, requestId: string): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  // A body we refused to read is still in the socket; the connection cannot carry another request.
  const close = !req.complete;
  res.writeHead(reply.status, {
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(reply.body),
    'x-amzn-RequestId': requestId,
    [KMS_LOCAL_HEADER]: KMS_LOCAL_VALUE,
    Date: new Date().toUTCString(),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(reply.body);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ?? `${error.name}: ${error.message}`;
  }
  return `a thrown ${typeof error}`;
}
