import { basename } from 'node:path';
import type { Inspection } from '../../aws/envelope/types';

/**
 * Show Envelope Info and the hover on an encrypted file's first line: what the file's header says about itself
 * (suite, wrapping keys, encryption context, frames, sizes) as Markdown. Read from the file alone, no KMS call.
 * Every value from the file is escaped: a hostile file must not inject links or commands into the hover.
 */

const SIGNER_CONTEXT_KEY = 'aws-crypto-public-key';

export function envelopeInfoMarkdown(inspection: Inspection, options: { title?: boolean } = {}): string {
  const { header, body } = inspection;
  const suite = header.suite;
  const traits = [
    suite.committing ? 'key commitment' : 'no key commitment',
    suite.signed ? 'ECDSA signature' : 'no signature',
  ];
  const lines: string[] = [];
  if (options.title !== false) {
    lines.push(`# ${escape(basename(inspection.path))}`, '');
  }
  lines.push(
    `**AWS Encryption SDK message** (format version ${header.version}), stored ${inspection.encoding === 'base64' ? 'as base64 armour' : 'as binary'}.`,
    '',
    `- **Algorithm suite:** \`${suite.name}\` (${traits.join(', ')})`,
    `- **Frame length:** ${header.framed ? `${bytes(header.frameLength)}` : 'not framed'}${body ? `, ${body.frames} frame${body.frames === 1 ? '' : 's'}` : ''}`,
    `- **Sizes:** file ${bytes(inspection.fileSize)}, message ${bytes(inspection.messageSize)}, ` +
      `plaintext ${body ? bytes(body.plaintextSize) : 'unknown (the body is incomplete, damaged, or its armour irregular)'}, header ${bytes(header.headerLength)}`,
    `- **Message ID:** \`${header.messageId}\``,
    '',
    `**Wrapping keys** (${header.encryptedDataKeys.length}; any one of them decrypts the file):`,
    '',
    ...header.encryptedDataKeys.map((edk) =>
      edk.providerId === 'aws-kms'
        ? `- \`${code(edk.providerInfo)}\``
        : `- ${escape(edk.providerId)}: \`${code(edk.providerInfo)}\` (not a KMS key)`,
    ),
    '',
  );
  const context = Object.entries(header.encryptionContext).filter(([key]) => key !== SIGNER_CONTEXT_KEY);
  if (context.length === 0) {
    lines.push('**Encryption context:** none.');
  } else {
    lines.push(
      '**Encryption context:**',
      '',
      '| key | value |',
      '|---|---|',
      ...context.map(([key, value]) => `| ${escape(key)} | ${escape(value)} |`),
    );
  }
  if (SIGNER_CONTEXT_KEY in header.encryptionContext) {
    lines.push('', `The context also holds \`${SIGNER_CONTEXT_KEY}\`, the public key that verifies the signature.`);
  }
  lines.push('', "_Read from the file's header: no KMS call was made._");
  return lines.join('\n');
}

function bytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  const kib = n / 1024;
  return kib < 1024 ? `${kib.toFixed(kib < 10 ? 1 : 0)} KiB (${n} B)` : `${(kib / 1024).toFixed(1)} MiB (${n} B)`;
}

/** Markdown-inert text: every punctuation character that Markdown or HTML could act on is backslash-escaped. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#!|<>~&]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** Inside a code span: backticks would end it, so they (and line breaks) are replaced. */
function code(text: string): string {
  return text.replace(/`/g, 'ˋ').replace(/[\r\n]+/g, ' ');
}
