import { basename } from 'node:path';
import * as l10n from '@vscode/l10n';
import type { Inspection } from '../../aws/envelope/types';
import { markdownInert } from '../../core/markdownText';

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
    suite.committing ? l10n.t('key commitment') : l10n.t('no key commitment'),
    suite.signed ? l10n.t('ECDSA signature') : l10n.t('no signature'),
  ];
  const lines: string[] = [];
  if (options.title !== false) {
    lines.push(`# ${markdownInert(basename(inspection.path))}`, '');
  }
  lines.push(
    inspection.encoding === 'base64'
      ? l10n.t('**AWS Encryption SDK message** (format version {0}), stored as base64 armour.', header.version)
      : l10n.t('**AWS Encryption SDK message** (format version {0}), stored as binary.', header.version),
    '',
    l10n.t('- **Algorithm suite:** `{0}` ({1})', suite.name, traits.join(', ')),
    l10n.t('- **Frame length:** {0}', frameText(header.framed ? header.frameLength : undefined, body?.frames)),
    l10n.t(
      '- **Sizes:** file {0}, message {1}, plaintext {2}, header {3}',
      bytes(inspection.fileSize),
      bytes(inspection.messageSize),
      body ? bytes(body.plaintextSize) : l10n.t('unknown (the body is incomplete, damaged, or its armour irregular)'),
      bytes(header.headerLength),
    ),
    l10n.t('- **Message ID:** `{0}`', header.messageId),
    '',
    l10n.t('**Wrapping keys** ({0}; any one of them decrypts the file):', header.encryptedDataKeys.length),
    '',
    ...header.encryptedDataKeys.map((edk) =>
      edk.providerId === 'aws-kms'
        ? `- \`${code(edk.providerInfo)}\``
        : l10n.t('- {0}: `{1}` (not a KMS key)', markdownInert(edk.providerId), code(edk.providerInfo)),
    ),
    '',
  );
  const context = Object.entries(header.encryptionContext).filter(([key]) => key !== SIGNER_CONTEXT_KEY);
  if (context.length === 0) {
    lines.push(l10n.t('**Encryption context:** none.'));
  } else {
    lines.push(
      l10n.t('**Encryption context:**'),
      '',
      l10n.t('| key | value |'),
      '|---|---|',
      ...context.map(([key, value]) => `| ${markdownInert(key)} | ${markdownInert(value)} |`),
    );
  }
  if (SIGNER_CONTEXT_KEY in header.encryptionContext) {
    lines.push(
      '',
      l10n.t('The context also holds `{0}`, the public key that verifies the signature.', SIGNER_CONTEXT_KEY),
    );
  }
  lines.push('', l10n.t("_Read from the file's header: no KMS call was made._"));
  return lines.join('\n');
}

/** "1.0 MiB (1048576 B), 3 frames"; "not framed"; without the count when the body is incomplete. */
function frameText(frameLength: number | undefined, frames: number | undefined): string {
  const length = frameLength === undefined ? l10n.t('not framed') : bytes(frameLength);
  if (frames === undefined) {
    return length;
  }
  return frames === 1 ? l10n.t('{0}, 1 frame', length) : l10n.t('{0}, {1} frames', length, frames);
}

function bytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  const kib = n / 1024;
  return kib < 1024 ? `${kib.toFixed(kib < 10 ? 1 : 0)} KiB (${n} B)` : `${(kib / 1024).toFixed(1)} MiB (${n} B)`;
}

/** Inside a code span: backticks would end it, so they (and line breaks) are replaced. */
function code(text: string): string {
  return text.replace(/`/g, 'ˋ').replace(/[\r\n]+/g, ' ');
}
