import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/**
 * ECDSA over a digest the caller already computed (KMS MessageType DIGEST), with @noble/curves: Node signs only
 * messages it hashes itself. Signatures are DER SEQUENCE { r, s } (RFC 3279), as KMS returns them.
 */

/** Keyed by the JWK `crv` Node reports. */
const CURVES: Record<string, ECDSA | undefined> = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1 };

function keyOf(key: KeyObject): { curve: ECDSA; jwk: JsonWebKey } {
  const jwk = key.export({ format: 'jwk' });
  const curve = CURVES[jwk.crv ?? ''];
  if (!curve) {
    throw new Error(`No ECDSA support for curve ${String(jwk.crv)}.`);
  }
  return { curve, jwk };
}

const fromBase64Url = (value: string | undefined): Buffer => Buffer.from(value ?? '', 'base64url');

/** Low-S and hedged (RFC 6979 plus fresh randomness), so signing one digest twice gives two signatures, as in KMS. */
export function signDigestEcdsa(privateKey: KeyObject, digest: Buffer): Buffer {
  const { curve, jwk } = keyOf(privateKey);
  return Buffer.from(curve.sign(digest, fromBase64Url(jwk.d), { prehash: false, format: 'der', extraEntropy: true }));
}

/** Accepts high-S signatures too (OpenSSL makes them); anything that is not strict DER is invalid. */
export function verifyDigestEcdsa(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const { curve, jwk } = keyOf(publicKey);
  const point = Buffer.concat([Buffer.from([0x04]), fromBase64Url(jwk.x), fromBase64Url(jwk.y)]);
  return curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false });
}
