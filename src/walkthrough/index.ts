import * as vscode from 'vscode';
import type { WalkthroughCommandId } from '../shared/commandIds';
import type { CommandHandler } from '../ui/runCommand';
import { createSampleFile } from './createSampleFile';
import { rememberSampleFile, sampleFileFor } from './sampleFile';

/**
 * The walkthrough's own buttons. Its file buttons run the file commands on the sample file (see sampleFile.ts);
 * a prompt-answers object, as the file commands take, is passed through (tests).
 */
export function walkthroughCommandHandlers(
  state: vscode.Memento,
  files: Record<'awsKms.file.encrypt' | 'awsKms.file.decrypt' | 'awsKms.file.reencrypt', CommandHandler>,
): Record<WalkthroughCommandId, CommandHandler> {
  return {
    'awsKms.walkthrough.createSampleFile': async (folder) => {
      const uri = await createSampleFile(folder instanceof vscode.Uri ? folder : undefined);
      await rememberSampleFile(state, uri);
      return uri;
    },
    'awsKms.walkthrough.encryptSampleFile': async (options) =>
      files['awsKms.file.encrypt'](await sampleFileFor(state, 'encrypt'), undefined, options),
    'awsKms.walkthrough.decryptSampleFile': async (options) =>
      files['awsKms.file.decrypt'](await sampleFileFor(state, 'decrypt'), undefined, options),
    'awsKms.walkthrough.reencryptSampleFile': async (options) =>
      files['awsKms.file.reencrypt'](await sampleFileFor(state, 'reencrypt'), undefined, options),
  };
}
