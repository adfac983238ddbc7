import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { KmsError } from './errors';
import { KmsService } from './service';

/** The awsJson1_1 front end: `POST /` with `X-Amz-Target: TrentService.<Operation>` (kms-api.md §2). */

const TARGET_PREFIX = 'TrentService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

export interface FrontEndOptions {
  service: KmsService;
}

export function createKmsServer(options: FrontEndOptions): Server {
  return createServer((req, res) => { void handle(req, res, options); });
}

async function handle(req: IncomingMessage, res: ServerResponse, options: FrontEndOptions): Promise<void> {
  try {
    const raw = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) { throw new KmsError('UnknownOperationException'); }
    const body = parseJson(raw);
    const result = await options.service.call(target.slice(TARGET_PREFIX.length), body);
    send(res, 200, result === undefined ? '' : JSON.stringify(result));
  } catch (error) {
    const kmsError = error instanceof KmsError ? error : new KmsError('KMSInternalException', 'An internal error occurred.', 500);
    const payload: Record<string, string> = { __type: kmsError.type };
    if (kmsError.hasMessage) { payload.message = kmsError.message; }
    send(res, kmsError.status, JSON.stringify(payload));
  }
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) { return {}; }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new KmsError('SerializationException', 'Unexpected character in the request body.');
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) { chunks.push(chunk as Buffer); }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
    Date: new Date().toUTCString(),
  });
  res.end(body);
}
