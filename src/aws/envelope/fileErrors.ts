import * as l10n from '@vscode/l10n';
import type { KmsExtensionError } from '../../core/errors';
import { envelopeError } from './envelopeError';

/** A file-system failure (Node's errno codes) as what to do about it; undefined for anything else. */
export function fromErrno(error: unknown, path: string): KmsExtensionError | undefined {
  const errno = error as NodeJS.ErrnoException | undefined;
  const file = errno?.path ?? path;
  const fileError = (message: string, code: 'FileError' | 'OutputExists' = 'FileError') =>
    envelopeError(code, message, { cause: error });
  const comment = '{0} is a file path';
  switch (errno?.code) {
    case 'ENOENT':
      return fileError(l10n.t({ message: '{0} does not exist.', args: [file], comment }));
    case 'EACCES':
    case 'EPERM':
      return fileError(
        l10n.t({
          message: "Permission denied: {0}. Check the file's and its folder's permissions.",
          args: [file],
          comment,
        }),
      );
    case 'EISDIR':
      return fileError(l10n.t({ message: '{0} is a folder, not a file.', args: [file], comment }));
    case 'ENOSPC':
      return fileError(
        l10n.t({
          message: 'No space left on the device for {0}: free some space, then retry. The original is untouched.',
          args: [file],
          comment,
        }),
      );
    case 'EROFS':
      return fileError(l10n.t({ message: '{0} is on a read-only file system.', args: [file], comment }));
    case 'EEXIST':
      return fileError(
        l10n.t({
          message: '{0} already exists: choose another output, or allow overwriting.',
          args: [file],
          comment,
        }),
        'OutputExists',
      );
    default:
      return undefined;
  }
}
