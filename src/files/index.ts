import type { FileCommandId } from '../shared/commandIds';
import type { CommandHandler } from '../ui/runCommand';
import { decryptFiles } from './decryptFileCommand';
import { encryptFiles } from './encryptFileCommand';
import { fileOptions, type FileCommandDeps } from './fileCommandDeps';
import { generateDataKey } from './generateDataKeyCommand';
import { reencryptFiles } from './reencryptFileCommand';
import { decryptSelection, encryptSelection } from './selectionCommands';

/**
 * The handlers of the file, selection and data-key commands. File commands take VS Code's `(uri, uris)` from the
 * explorer and editor menus (else the active editor's file) and a third argument with the answers to their prompts
 * (FileCommandOptions); the others take that options object first.
 */
export function fileCommandHandlers(deps: FileCommandDeps): Record<FileCommandId, CommandHandler> {
  return {
    'awsKms.file.encrypt': async (uri, uris, options) => encryptFiles(deps, uri, uris, fileOptions(options)),
    'awsKms.file.decrypt': async (uri, uris, options) => decryptFiles(deps, uri, uris, fileOptions(options)),
    'awsKms.file.reencrypt': async (uri, uris, options) => reencryptFiles(deps, uri, uris, fileOptions(options)),
    'awsKms.selection.encrypt': async (options) => encryptSelection(deps, fileOptions(options)),
    'awsKms.selection.decrypt': async (options) => decryptSelection(deps, fileOptions(options)),
    'awsKms.dataKey.generate': async (options) => generateDataKey(deps, fileOptions(options)),
  };
}
