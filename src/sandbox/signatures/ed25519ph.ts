import { createHash } from 'node:crypto';

/**
 * Ed25519ph (RFC 8032 §5.1 with phflag = 1 and an empty context), which KMS calls ED25519_PH_SHA_512. Node's crypto
 * has only pure Ed25519, so the curve arithmetic is done here with BigInt. Not constant-time: the sandbox's keys
 * protect nothing. `sign`/`verify` take the message M; the SHA-512 prehash PH(M) happens inside, as in the RFC.
 */

const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const mod = (a: bigint, m = P): bigint => ((a % m) + m) % m;

function power(base: bigint, exponent: bigint, m = P): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) { result = (result * b) % m; }
    b = (b * b) % m;
  }
  return result;
}

const invert = (a: bigint): bigint => power(a, P - 2n);
const D = mod(-121665n * invert(121666n));
const SQRT_M1 = power(2n, (P - 1n) / 4n);

/** Extended homogeneous coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z, xy = T/Z. */
interface Point { X: bigint; Y: bigint; Z: bigint; T: bigint }

const BASE_Y = mod(4n * invert(5n));
const BASE = decodePoint(littleEndian(BASE_Y, 32)) as Point;
const IDENTITY: Point = { X: 0n, Y: 1n, Z: 1n, T: 0n };

/** RFC 8032 §5.1.4: one formula for addition and doubling. */
function add(p: Point, q: Point): Point {
  const a = mod((p.Y - p.X) * (q.Y - q.X));
  const b = mod((p.Y + p.X) * (q.Y + q.X));
  const c = mod(2n * D * p.T * q.T);
  const d = mod(2n * p.Z * q.Z);
  const e = b - a;
  const f = d - c;
  const g = d + c;
  const h = b + a;
  return { X: mod(e * f), Y: mod(g * h), Z: mod(f * g), T: mod(e * h) };
}

function multiply(scalar: bigint, point: Point): Point {
  let result = IDENTITY;
  let addend = point;
  for (let s = scalar; s > 0n; s >>= 1n) {
    if (s & 1n) { result = add(result, addend); }
    addend = add(addend, addend);
  }
  return result;
}

function encodePoint(point: Point): Buffer {
  const zInverse = invert(point.Z);
  const x = mod(point.X * zInverse);
  const y = mod(point.Y * zInverse);
  const out = littleEndian(y, 32);
  out[31] |= Number(x & 1n) << 7;
  return out;
}

/** RFC 8032 §5.1.3; undefined for bytes that are not a point. */
function decodePoint(bytes: Buffer): Point | undefined {
  if (bytes.length !== 32) { return undefined; }
  const copy = Buffer.from(bytes);
  const sign = BigInt(copy[31] >> 7);
  copy[31] &= 0x7f;
  const y = fromLittleEndian(copy);
  if (y >= P) { return undefined; }
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * power(v, 3n) * power(u * power(v, 7n), (P - 5n) / 8n));
  if (mod(v * x * x) !== u) {
    if (mod(v * x * x) !== mod(-u)) { return undefined; }
    x = mod(x * SQRT_M1);
  }
  if (x === 0n && sign === 1n) { return undefined; }
  if ((x & 1n) !== sign) { x = P - x; }
  return { X: x, Y: y, Z: 1n, T: mod(x * y) };
}

function littleEndian(value: bigint, length: number): Buffer {
  const out = Buffer.alloc(length);
  let v = value;
  for (let i = 0; i < length; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

function fromLittleEndian(bytes: Buffer): bigint {
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`);
}

const sha512 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha512');
  for (const part of parts) { hash.update(part); }
  return hash.digest();
};

/** dom2(phflag = 1, context = ""): what separates Ed25519ph signatures from pure Ed25519 ones. */
const DOM2 = Buffer.concat([Buffer.from('SigEd25519 no Ed25519 collisions', 'ascii'), Buffer.from([1, 0])]);

/** Signs M with the 32-byte private key seed; returns R ‖ S (64 bytes). */
export function signEd25519ph(seed: Buffer, message: Buffer): Buffer {
  const h = sha512(seed);
  const scalarBytes = Buffer.from(h.subarray(0, 32));
  scalarBytes[0] &= 248;
  scalarBytes[31] &= 127;
  scalarBytes[31] |= 64;
  const a = fromLittleEndian(scalarBytes);
  const publicKey = encodePoint(multiply(a, BASE));
  const prehash = sha512(message);
  const r = mod(fromLittleEndian(sha512(DOM2, h.subarray(32), prehash)), L);
  const R = encodePoint(multiply(r, BASE));
  const k = mod(fromLittleEndian(sha512(DOM2, R, publicKey, prehash)), L);
  return Buffer.concat([R, littleEndian(mod(r + k * a, L), 32)]);
}

/** Verifies R ‖ S over M against the 32-byte encoded public key (cofactorless check, RFC 8032 §5.1.7). */
export function verifyEd25519ph(publicKey: Buffer, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) { return false; }
  const A = decodePoint(publicKey);
  const R = decodePoint(signature.subarray(0, 32));
  const s = fromLittleEndian(signature.subarray(32));
  if (!A || !R || s >= L) { return false; }
  const k = mod(fromLittleEndian(sha512(DOM2, signature.subarray(0, 32), publicKey, sha512(message))), L);
  return encodePoint(multiply(s, BASE)).equals(encodePoint(add(R, multiply(k, A))));
}
