import { scrubSecrets } from './redact';

/** Typed errors of the extension. Messages are user-safe: no plaintext, key material, tokens or credentials. */

/**
 * What the user can do next, in one vocabulary for the whole extension: a command's error message turns it into a
 * button that runs a command, the Key material page into one of its own buttons (PageNextStep).
 */
export type NextStep =
  | 'showLog'
  | 'selectConnection'
  | 'useSandbox'
  | 'ssoLogin'
  | 'openSettings'
  | 'checkEndpoint'
  | 'importMaterial'
  | 'selectRegion'
  | 'reloadCredentials'
  | 'enableKey'
  | 'newParameters'
  | 'loadMaterial'
  | 'cancelDeletion'
  | 'refresh';

/** The next steps the Key material page offers as its own buttons (beside the error it shows). */
export type PageNextStep = Extract<NextStep, 'newParameters' | 'loadMaterial' | 'cancelDeletion' | 'refresh'>;

export class KmsExtensionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options: { cause?: unknown; next?: NextStep; target?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'KmsExtensionError';
    this.next = options.next;
    this.target = options.target;
  }

  readonly next: NextStep | undefined;
  /** What the next step acts on, e.g. the ARN of the key whose material to import. */
  readonly target: string | undefined;
}

/** The user cancelled: not a failure, nothing to show. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): boolean {
  return (
    error instanceof CancelledError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'CancellationError'))
  );
}

/**
 * A one-line description for logs: every error of the cause chain (name, message, code, HTTP status, request id),
 * most general first, with secret-shaped values redacted.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    const { code, $metadata: meta } = current as Error & {
      code?: string;
      $metadata?: { httpStatusCode?: number; requestId?: string };
    };
    const extra = [
      code && code !== current.name ? `code ${code}` : '',
      meta?.httpStatusCode ? `HTTP ${meta.httpStatusCode}` : '',
      meta?.requestId ? `request id ${meta.requestId}` : '',
    ].filter(Boolean);
    parts.push(`${current.name}: ${current.message}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`);
    current = current.cause;
  }
  return scrubSecrets(parts.join(' ← '));
}
