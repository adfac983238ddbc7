import { ed25519ph } from '@noble/curves/ed25519.js';

/**
 * Ed25519ph (RFC 8032 §5.1 with phflag = 1 and an empty context), which KMS calls ED25519_PH_SHA_512, with
 * @noble/curves: Node's crypto has only pure Ed25519. Both take the message M; the SHA-512 prehash PH(M) happens
 * inside, as in the RFC.
 */

/** Signs M with the 32-byte private key seed; returns R ‖ S (64 bytes). */
export const signEd25519ph = (seed: Buffer, message: Buffer): Buffer => Buffer.from(ed25519ph.sign(message, seed));

/** Verifies R ‖ S over M against the 32-byte encoded public key, with RFC 8032's strict encodings (not ZIP-215). */
export function verifyEd25519ph(publicKey: Buffer, message: Buffer, signature: Buffer): boolean {
  try {
    return ed25519ph.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false; // wrong lengths
  }
}
