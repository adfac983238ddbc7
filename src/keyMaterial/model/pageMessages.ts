import * as l10n from '@vscode/l10n';
import type {
  ImportChoices,
  ImportTypeName,
  WebviewMessage,
  WebviewMessageType,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../../shared/keyMaterialProtocol';
import { WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS } from '../../core/keyMaterialWrap';

/**
 * Validation of the messages the Key material page sends. The webview is the less trusted side: anything that is
 * not exactly one of the protocol's messages is refused before it reaches a handler.
 */

export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

const NO_FIELDS: readonly WebviewMessageType[] = [
  'ready',
  'refresh',
  'exportParameters',
  'generateMaterial',
  'loadMaterial',
  'loadWrapped',
  'saveBackup',
  'declineBackup',
  'rotateNow',
  'cancelDeletion',
  'dismiss',
];
const MATERIAL_ID = /^[0-9a-f]{64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** KMS's KeyMaterialDescription pattern and length. */
const DESCRIPTION = /^[a-zA-Z0-9:/_\s.-]*$/;
const IMPORT_TYPES: readonly ImportTypeName[] = ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'];

/**
 * A plain object, as JSON gives: a webview's messages arrive deserialised, so anything else (a class instance, an
 * object whose fields are inherited) did not come from the page and would let a field pass unseen.
 */
const isRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

function onlyKeys(record: Record<string, unknown>, allowed: readonly string[]): void {
  // Own keys of every kind: Object.keys would miss symbols and non-enumerable fields.
  const extra = Reflect.ownKeys(record)
    .map(String)
    .filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    throw new InvalidMessageError(`unexpected field(s) ${extra.join(', ')}`);
  }
}

function optionalMaterialId(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !MATERIAL_ID.test(value)) {
    throw new InvalidMessageError('keyMaterialId must be 64 hex digits');
  }
  return value;
}

function importChoices(value: unknown): ImportChoices {
  if (!isRecord(value)) {
    throw new InvalidMessageError('choices must be an object');
  }
  onlyKeys(value, ['expires', 'validTo', 'importType', 'description']);
  const { expires, validTo, importType, description } = value;
  if (typeof expires !== 'boolean') {
    throw new InvalidMessageError('expires must be a boolean');
  }
  if (validTo !== undefined && (typeof validTo !== 'string' || !DATE.test(validTo))) {
    throw new InvalidMessageError('validTo must be a YYYY-MM-DD date');
  }
  if (typeof importType !== 'string' || !(IMPORT_TYPES as readonly string[]).includes(importType)) {
    throw new InvalidMessageError('unknown importType');
  }
  if (typeof description !== 'string' || description.length > 256 || !DESCRIPTION.test(description)) {
    throw new InvalidMessageError('description must be at most 256 letters, digits, spaces and : / _ . -');
  }
  return { expires, ...(validTo !== undefined && { validTo }), importType: importType as ImportTypeName, description };
}

/** Returns the message if it is one of the protocol's, else throws InvalidMessageError (naming what is wrong, never echoing values). */
export function parseWebviewMessage(raw: unknown): WebviewMessage {
  if (!isRecord(raw) || typeof raw.type !== 'string') {
    throw new InvalidMessageError('a message must be an object with a type');
  }
  const type = raw.type;
  if ((NO_FIELDS as readonly string[]).includes(type)) {
    onlyKeys(raw, ['type']);
    return { type } as WebviewMessage;
  }
  switch (type) {
    case 'getParameters': {
      onlyKeys(raw, ['type', 'spec', 'algorithm']);
      const { spec, algorithm } = raw;
      if (typeof spec !== 'string' || !(WRAPPING_KEY_SPECS as readonly string[]).includes(spec)) {
        throw new InvalidMessageError('unknown wrapping key spec');
      }
      if (typeof algorithm !== 'string' || !(WRAPPING_ALGORITHMS as readonly string[]).includes(algorithm)) {
        throw new InvalidMessageError('unknown wrapping algorithm');
      }
      return { type, spec: spec as WrappingKeySpecName, algorithm: algorithm as WrappingAlgorithmName };
    }
    case 'import':
      onlyKeys(raw, ['type', 'choices']);
      return { type, choices: importChoices(raw.choices) };
    case 'deleteMaterial':
    case 'reimport': {
      onlyKeys(raw, ['type', 'keyMaterialId']);
      const keyMaterialId = optionalMaterialId(raw.keyMaterialId);
      return { type, ...(keyMaterialId !== undefined && { keyMaterialId }) };
    }
    default:
      throw new InvalidMessageError('unknown message type');
  }
}

/** Parses a YYYY-MM-DD expiry (end of that day, UTC) and checks KMS's rule: in the future, at most 365 days ahead. */
export function expiryDate(validTo: string | undefined, now: number): Date {
  const problem = (why: string): InvalidMessageError => new InvalidMessageError(why);
  if (validTo === undefined) {
    throw problem(l10n.t('Choose the date the key material expires.'));
  }
  const date = new Date(`${validTo}T23:59:59Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== validTo) {
    throw problem(l10n.t({ message: '{0} is not a date.', args: [validTo], comment: ['{0} is what was entered'] }));
  }
  if (date.getTime() <= now) {
    throw problem(l10n.t('The expiration date must be in the future.'));
  }
  const latest = now + 365 * 86_400_000 - 5 * 60_000;
  // The last allowed day ends after KMS's limit: expire a few minutes before it instead of refusing it.
  if (validTo > new Date(latest).toISOString().slice(0, 10)) {
    throw problem(l10n.t('The expiration date can be at most 365 days from now.'));
  }
  return new Date(Math.min(date.getTime(), latest));
}
