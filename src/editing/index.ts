import * as vscode from 'vscode';
import type { CommandHandler } from '../ui/runCommand';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Logger } from '../platform/logger';
import type { EditingCommandId } from '../shared/commandIds';
import { DecryptedFileSystem } from './decryptedFileSystem';
import { DECRYPTED_SCHEME, targetFile } from './decryptedUri';
import { EncryptedFileOffers } from './encryptedFileOffer';
import { ENVELOPE_INFO_SCHEME, EnvelopeInfoDocuments, showEnvelopeInfo } from './envelopeInfo';
import { EnvelopeHoverProvider } from './envelopeHover';
import { openDecrypted } from './openDecrypted';

/** Editing encrypted files in memory, Show Envelope Info and its hover (issue 5). */
export interface Editing {
  files: DecryptedFileSystem;
  offers: EncryptedFileOffers;
  /** The command handlers without the error wrapper: they throw what the wrapper would show. */
  commands: Record<EditingCommandId, CommandHandler>;
  disposables: vscode.Disposable[];
}

export function createEditing(deps: {
  connections: ConnectionManager;
  log: Logger;
  showError: (error: unknown) => void;
}): Editing {
  const files = new DecryptedFileSystem(deps.connections, deps.log, deps.showError);
  const offers = new EncryptedFileOffers();
  const onDisk = { scheme: 'file' };
  return {
    files,
    offers,
    commands: {
      'awsKms.file.openDecrypted': async (arg?: unknown) => openDecrypted(files, targetFile(arg)),
      'awsKms.file.showEnvelopeInfo': async (arg?: unknown) => showEnvelopeInfo(targetFile(arg)),
    },
    disposables: [
      files,
      offers,
      vscode.workspace.registerFileSystemProvider(DECRYPTED_SCHEME, files, { isCaseSensitive: true }),
      vscode.workspace.registerTextDocumentContentProvider(ENVELOPE_INFO_SCHEME, new EnvelopeInfoDocuments()),
      vscode.languages.registerHoverProvider(onDisk, new EnvelopeHoverProvider()),
      vscode.languages.registerCodeLensProvider(onDisk, offers),
    ],
  };
}
