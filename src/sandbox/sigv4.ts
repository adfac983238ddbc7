import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SandboxCredentials } from './context';
import { KmsError } from './errors';

/**
 * Verifies the SigV4 signature of a request (kms-api.md §2.6) by recomputing it with the same signer the AWS SDK
 * uses, over exactly the headers the client says it signed. Throws the KmsError AWS would send.
 */

export interface RequestToVerify {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lowercase names; repeated headers joined with ','. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface SignatureRules {
  credentials: SandboxCredentials;
  region: string;
  service: string;
  /** How far X-Amz-Date may be from the server clock (5 minutes in AWS). */
  maxClockSkewMs: number;
  /** The wall clock, in epoch ms. Not the sandbox's overridable KMS clock: clients sign with real time. */
  now(): number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const invalidSignature = (message: string): KmsError => new KmsError('InvalidSignatureException', message);
const incomplete = (message: string): KmsError => new KmsError('IncompleteSignatureException', message);
const unrecognizedClient = (): KmsError =>
  new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

export async function verifySignature(request: RequestToVerify, rules: SignatureRules): Promise<void> {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(header);
  const amzDate = request.headers['x-amz-date'];
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signedAt === undefined) {
    throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (auth.accessKeyId !== rules.credentials.accessKeyId) {
    throw unrecognizedClient();
  }
  checkScope(auth, amzDate, rules);
  checkClock(amzDate, signedAt, rules);
  if (!auth.signedHeaders.includes('host')) {
    throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  checkSessionToken(request, auth, rules.credentials);

  const expected = await expectedSignature(request, auth, signedAt, rules);
  if (!sameHex(expected, auth.signature)) {
    throw invalidSignature(SIGNATURE_MISMATCH);
  }
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kms/aws4_request, SignedHeaders=a;b, Signature=hex` */
function parseAuthorization(header: string): Authorization {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const params = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !params.get(name));
  if (missing.length > 0) {
    throw incomplete(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '));
  }
  const credential = (params.get('Credential') ?? '').split('/');
  if (credential.length !== 5) {
    throw incomplete(`Credential should be scoped to a valid region, not '${credential[2] ?? ''}'.`);
  }
  const [accessKeyId, date, region, service, terminator] = credential;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: (params.get('SignedHeaders') ?? '').split(';'),
    signature: params.get('Signature') ?? '',
  };
}

function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}

function checkScope(auth: Authorization, amzDate: string, rules: SignatureRules): void {
  if (auth.date !== amzDate.slice(0, 8)) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (auth.region !== rules.region) {
    throw invalidSignature(`Credential should be scoped to a valid region, not '${auth.region}'.`);
  }
  if (auth.service !== rules.service) {
    throw invalidSignature(`Credential should be scoped to correct service: '${rules.service}'.`);
  }
  if (auth.terminator !== 'aws4_request') {
    throw invalidSignature(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.`,
    );
  }
}

function checkClock(amzDate: string, signedAt: number, rules: SignatureRules): void {
  const now = rules.now();
  const window = `${rules.maxClockSkewMs / 60_000} min.`;
  if (signedAt < now - rules.maxClockSkewMs) {
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - rules.maxClockSkewMs)} (${formatAmzDate(now)} - ${window})`,
    );
  }
  if (signedAt > now + rules.maxClockSkewMs) {
    throw invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + rules.maxClockSkewMs)} (${formatAmzDate(now)} + ${window})`,
    );
  }
}

const formatAmzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** With session credentials the token must be sent and signed; without, a stray token from the environment is ignored. */
function checkSessionToken(request: RequestToVerify, auth: Authorization, credentials: SandboxCredentials): void {
  if (credentials.sessionToken === undefined) {
    return;
  }
  const sent = request.headers['x-amz-security-token'];
  if (
    sent === undefined ||
    !auth.signedHeaders.includes('x-amz-security-token') ||
    !sameText(sent, credentials.sessionToken)
  ) {
    throw unrecognizedClient();
  }
}

async function expectedSignature(
  request: RequestToVerify,
  auth: Authorization,
  signedAt: number,
  rules: SignatureRules,
): Promise<string> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    // A header the client signed but that did not arrive cannot be reproduced: the signature will not match.
    if (value === undefined) {
      throw invalidSignature(SIGNATURE_MISMATCH);
    }
    headers[name] = value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: rules.credentials.accessKeyId, secretAccessKey: rules.credentials.secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    applyChecksum: false, // never add x-amz-content-sha256 the client did not send
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: 'http:',
      hostname: 'localhost',
      path: request.path,
      query: request.query,
      headers,
      body: request.body,
    }),
    { signingDate: new Date(signedAt), signableHeaders: new Set(auth.signedHeaders) },
  );
  const produced = String(signed.headers.authorization ?? '');
  return /Signature=([0-9a-f]+)$/.exec(produced)?.[1] ?? '';
}

function sameHex(expected: string, given: string): boolean {
  return /^[0-9a-f]{64}$/.test(given) && timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 / HMAC-SHA-256 in the shape the smithy signer expects. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBytes(data: SourceData): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(data, 'utf8');
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return Buffer.from(data);
}
