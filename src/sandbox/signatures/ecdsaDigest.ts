import { randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * ECDSA over a digest the caller already computed (KMS MessageType DIGEST). Node signs only messages it hashes
 * itself, so this does the curve arithmetic with BigInt (Jacobian coordinates). Signatures are DER
 * SEQUENCE { r, s } (RFC 3279), as KMS returns them. Not constant-time: the sandbox's keys protect nothing.
 */

interface Curve { p: bigint; a: bigint; n: bigint; gx: bigint; gy: bigint }

const hex = (value: string): bigint => BigInt(`0x${value}`);

/** Curve parameters (SEC 2, FIPS 186-4), keyed by the JWK `crv` Node reports. Tested against OpenSSL's. */
export const CURVES: Record<string, Curve> = {
  'P-256': {
    p: hex('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    a: hex('ffffffff00000001000000000000000000000000fffffffffffffffffffffffc'),
    n: hex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    gx: hex('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: hex('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
  },
  'P-384': {
    p: hex('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
    a: hex('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc'),
    n: hex('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    gx: hex('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: hex('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    a: 2n ** 521n - 4n,
    n: hex('01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'),
    gx: hex('00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66'),
    gy: hex('011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650'),
  },
  secp256k1: {
    p: hex('fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f'),
    a: 0n,
    n: hex('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
    gx: hex('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'),
    gy: hex('483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8'),
  },
};

/** Jacobian (X : Y : Z), x = X/Z², y = Y/Z³; Z = 0 is the point at infinity. */
interface Point { X: bigint; Y: bigint; Z: bigint }
const INFINITY: Point = { X: 1n, Y: 1n, Z: 0n };

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function power(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) { result = (result * b) % m; }
    b = (b * b) % m;
  }
  return result;
}

const invert = (a: bigint, m: bigint): bigint => power(a, m - 2n, m);

function double(c: Curve, q: Point): Point {
  if (q.Z === 0n || q.Y === 0n) { return INFINITY; }
  const yy = mod(q.Y * q.Y, c.p);
  const s = mod(4n * q.X * yy, c.p);
  const zz = mod(q.Z * q.Z, c.p);
  const m = mod(3n * q.X * q.X + c.a * zz * zz, c.p);
  const x = mod(m * m - 2n * s, c.p);
  return { X: x, Y: mod(m * (s - x) - 8n * yy * yy, c.p), Z: mod(2n * q.Y * q.Z, c.p) };
}

function add(c: Curve, p1: Point, p2: Point): Point {
  if (p1.Z === 0n) { return p2; }
  if (p2.Z === 0n) { return p1; }
  const z1z1 = mod(p1.Z * p1.Z, c.p);
  const z2z2 = mod(p2.Z * p2.Z, c.p);
  const u1 = mod(p1.X * z2z2, c.p);
  const u2 = mod(p2.X * z1z1, c.p);
  const s1 = mod(p1.Y * p2.Z * z2z2, c.p);
  const s2 = mod(p2.Y * p1.Z * z1z1, c.p);
  if (u1 === u2) { return s1 === s2 ? double(c, p1) : INFINITY; }
  const h = mod(u2 - u1, c.p);
  const r = mod(s2 - s1, c.p);
  const hh = mod(h * h, c.p);
  const hhh = mod(h * hh, c.p);
  const x = mod(r * r - hhh - 2n * u1 * hh, c.p);
  return { X: x, Y: mod(r * (u1 * hh - x) - s1 * hhh, c.p), Z: mod(h * p1.Z * p2.Z, c.p) };
}

function multiply(c: Curve, scalar: bigint, point: Point): Point {
  let result = INFINITY;
  let addend = point;
  for (let s = scalar; s > 0n; s >>= 1n) {
    if (s & 1n) { result = add(c, result, addend); }
    addend = double(c, addend);
  }
  return result;
}

/** The affine x of a point, or undefined at infinity. */
function affineX(c: Curve, q: Point): bigint | undefined {
  if (q.Z === 0n) { return undefined; }
  const zInverse = invert(q.Z, c.p);
  return mod(q.X * zInverse * zInverse, c.p);
}

const bitLength = (value: bigint): number => value.toString(2).length;
const fromBytes = (bytes: Buffer): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`));
const fromBase64Url = (value: string | undefined): bigint => fromBytes(Buffer.from(value ?? '', 'base64url'));

/** The leftmost bits of the digest, as many as the group order has (FIPS 186-4 §6.4). */
function digestInteger(c: Curve, digest: Buffer): bigint {
  const excess = digest.length * 8 - bitLength(c.n);
  const e = fromBytes(digest);
  return excess > 0 ? e >> BigInt(excess) : e;
}

function curveOf(key: KeyObject): { curve: Curve; jwk: JsonWebKey } {
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv ? CURVES[jwk.crv] : undefined;
  if (!curve) { throw new Error(`No ECDSA parameters for curve ${String(jwk.crv)}.`); }
  return { curve, jwk };
}

export function signDigestEcdsa(privateKey: KeyObject, digest: Buffer): Buffer {
  const { curve: c, jwk } = curveOf(privateKey);
  const d = fromBase64Url(jwk.d);
  const z = digestInteger(c, digest);
  const g = { X: c.gx, Y: c.gy, Z: 1n };
  const byteLength = Math.ceil(bitLength(c.n) / 8);
  for (;;) {
    const k = mod(fromBytes(randomBytes(byteLength + 8)), c.n - 1n) + 1n;
    const r = mod(affineX(c, multiply(c, k, g)) ?? 0n, c.n);
    const s = mod(invert(k, c.n) * (z + r * d), c.n);
    if (r !== 0n && s !== 0n) { return encodeDer(r, s); }
  }
}

export function verifyDigestEcdsa(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const { curve: c, jwk } = curveOf(publicKey);
  const decoded = decodeDer(signature);
  if (!decoded) { return false; }
  const { r, s } = decoded;
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) { return false; }
  const w = invert(s, c.n);
  const u1 = mod(digestInteger(c, digest) * w, c.n);
  const u2 = mod(r * w, c.n);
  const q = { X: fromBase64Url(jwk.x), Y: fromBase64Url(jwk.y), Z: 1n };
  const x = affineX(c, add(c, multiply(c, u1, { X: c.gx, Y: c.gy, Z: 1n }), multiply(c, u2, q)));
  return x !== undefined && mod(x, c.n) === r;
}

function derInteger(value: bigint): Buffer {
  let bytes = Buffer.from(value.toString(16).padStart(2 * Math.ceil(value.toString(16).length / 2), '0'), 'hex');
  if (bytes[0] & 0x80) { bytes = Buffer.concat([Buffer.from([0]), bytes]); }
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}

export function encodeDer(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** Strict DER: anything that does not re-encode to the same bytes is not a signature. */
function decodeDer(signature: Buffer): { r: bigint; s: bigint } | undefined {
  try {
    let offset = signature[1] === 0x81 ? 3 : 2;
    const integers: bigint[] = [];
    for (let i = 0; i < 2; i++) {
      if (signature[offset] !== 0x02) { return undefined; }
      const length = signature[offset + 1];
      integers.push(fromBytes(signature.subarray(offset + 2, offset + 2 + length)));
      offset += 2 + length;
    }
    const [r, s] = integers;
    return encodeDer(r, s).equals(signature) ? { r, s } : undefined;
  } catch {
    return undefined;
  }
}
