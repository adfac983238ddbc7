import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { configureL10n } from '../pageL10n';
import { startPage, type VsCodeApi } from './page';

/** The Key material page's bundle: the UI components, the host's translations, then the page. */

declare function acquireVsCodeApi(): VsCodeApi;

configureL10n(document);
startPage(acquireVsCodeApi(), document.getElementById('app') as HTMLElement);
