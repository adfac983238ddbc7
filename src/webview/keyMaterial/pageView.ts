import type {
  ImportTypeName,
  PageState,
  WebviewMessage,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../../shared/keyMaterialProtocol';

/** The user's choices on the page, kept across reloads with vscode.setState. */
export interface Form {
  spec?: WrappingKeySpecName;
  algorithm?: WrappingAlgorithmName;
  expires: boolean;
  validTo: string;
  importType?: ImportTypeName;
  description: string;
}

/** What each part of the page renders from, and how it answers the user. */
export interface PageView {
  readonly state: PageState;
  readonly form: Form;
  send(message: WebviewMessage): void;
  /** The form changed: keep it. */
  keepForm(): void;
  /** The form changed in a way the page shows (another wrapping choice, import type, expiry): keep it and render. */
  keepFormAndRender(): void;
}

/** While the host works, the page's actions wait. */
export function isBusy(view: PageView): boolean {
  return view.state.busy !== undefined;
}

export function chosenImportType(view: PageView): ImportTypeName {
  return view.form.importType ?? view.state.defaultImportType;
}
