import type { DecryptResult, EncryptResult, Inspection } from '../aws/envelope/types';
import { SIGNER_CONTEXT_KEY } from '../aws/envelope/policy';

/** What kms-envelope prints: one line per file, or JSON. Nothing secret is in any of it. */

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
const context = (pairs: Record<string, string>): string =>
  Object.keys(pairs).length === 0
    ? 'none'
    : Object.entries(pairs)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');

export function encrypted(result: EncryptResult, verb = 'encrypted'): string {
  return (
    `${verb} ${result.input} -> ${result.output} (${result.encoding}, ${bytes(result.plaintextSize)} -> ${bytes(result.outputSize)}; ` +
    `keys: ${result.keyArns.join(', ')}; verified: ${result.verified})`
  );
}

export function decrypted(result: DecryptResult): string {
  return `decrypted ${result.input} -> ${result.output} (${bytes(result.plaintextSize)}; context: ${context(result.context)})`;
}

export function inspection(result: Inspection): string {
  const { header, body } = result;
  const { suite } = header;
  const { [SIGNER_CONTEXT_KEY]: signer, ...own } = header.encryptionContext;
  const traits = [
    suite.signed ? 'ECDSA signature' : 'no signature',
    suite.committing ? 'key commitment' : 'no key commitment',
  ];
  return [
    `${result.path}: AWS Encryption SDK message v${header.version}, ${result.encoding === 'base64' ? 'base64 armour' : 'binary'}`,
    `  algorithm suite:    ${suite.name} (0x${suite.id.toString(16).padStart(4, '0')}; ${traits.join(', ')})`,
    `  message id:         ${header.messageId}`,
    `  encryption context: ${context(own)}${signer === undefined ? '' : ` (+ ${SIGNER_CONTEXT_KEY})`}`,
    ...header.encryptedDataKeys.map((edk, i) => `  wrapping key ${i + 1}:     ${edk.providerInfo} (${edk.providerId})`),
    `  framing:            ${header.framed ? `${bytes(header.frameLength)} per frame` : 'not framed'}${body ? `, ${body.frames} frame${body.frames === 1 ? '' : 's'}` : ''}`,
    `  sizes:              file ${bytes(result.fileSize)}, message ${bytes(result.messageSize)}, header ${bytes(header.headerLength)}, ` +
      (body ? `plaintext ${bytes(body.plaintextSize)}` : 'plaintext unknown: the body is incomplete or damaged'),
  ].join('\n');
}

/** Inspection as JSON: the wrapped data keys are left out (opaque and long). */
export function inspectionJson(result: Inspection): unknown {
  return {
    ...result,
    header: {
      ...result.header,
      encryptedDataKeys: result.header.encryptedDataKeys.map(({ providerId, providerInfo }) => ({
        providerId,
        providerInfo,
      })),
    },
  };
}
