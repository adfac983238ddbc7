/** An error KMS returns on the wire: `{"__type": type, "message": message}` with an HTTP status. */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    message?: string,
    readonly status = 400,
  ) {
    super(message ?? '');
    this.name = type;
    this.hasMessage = message !== undefined;
  }

  /** Some real KMS errors (InvalidCiphertextException, some UnsupportedOperationException) carry no message at all. */
  readonly hasMessage: boolean;
}

export const notFound = (message: string): KmsError => new KmsError('NotFoundException', message);
export const validation = (message: string): KmsError => new KmsError('ValidationException', message);
export const invalidState = (message: string): KmsError => new KmsError('KMSInvalidStateException', message);
export const unsupported = (message?: string): KmsError => new KmsError('UnsupportedOperationException', message);
export const invalidCiphertext = (): KmsError => new KmsError('InvalidCiphertextException');
export const invalidKeyUsage = (message: string): KmsError => new KmsError('InvalidKeyUsageException', message);
export const limitExceeded = (message: string): KmsError => new KmsError('LimitExceededException', message);
export const dryRun = (): KmsError =>
  new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
export const internal = (message = 'An internal error occurred.'): KmsError =>
  new KmsError('KMSInternalException', message, 500);

/** The standard key-state messages of kms-api.md §5.2, always naming the key ARN. */
export const stateErrors = {
  disabled: (arn: string): KmsError => new KmsError('DisabledException', `${arn} is disabled.`),
  pendingDeletion: (arn: string): KmsError => invalidState(`${arn} is pending deletion.`),
  notPendingDeletion: (arn: string): KmsError => invalidState(`${arn} is not pending deletion.`),
  pendingImport: (arn: string): KmsError => invalidState(`${arn} is pending import.`),
  originExternal: (arn: string): KmsError =>
    unsupported(`${arn} origin is EXTERNAL which is not valid for this operation.`),
  originNotExternal: (arn: string, origin: string): KmsError =>
    unsupported(`${arn} origin is ${origin} which is not valid for this operation.`),
  wrongUsage: (arn: string, usage: string, operation: string): KmsError =>
    invalidKeyUsage(`${arn} key usage is ${usage} which is not valid for ${operation}.`),
};
