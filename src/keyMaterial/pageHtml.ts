import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { l10nDataBlock } from '../shared/l10nDataBlock';

/**
 * The page's HTML: only the bundle and the stylesheet from the extension, CSP `default-src 'none'`, the script
 * allowed by a fresh nonce per render, no inline script or style. The extension's l10n bundle (none in English) goes
 * in as a JSON data block, which the CSP does not run and the bundle reads before it renders. `title` is the
 * caller's, translated.
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'keyMaterial.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'keyMaterial.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language || 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p>${escapeHtml(vscode.l10n.t('Loading…'))}</p></main>
${l10nDataBlock(vscode.l10n.bundle)}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
