import type {
  PageState,
  WebviewMessage,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../../shared/keyMaterialProtocol';
import type { Form } from './pageView';

/** The wrapping key specs KMS allows for this key, in the host's order. */
export function allowedSpecs(s: PageState): WrappingKeySpecName[] {
  return [...new Set(s.choices.filter((c) => !c.refused).map((c) => c.spec))];
}

export function allowedAlgorithms(s: PageState, spec: WrappingKeySpecName): WrappingAlgorithmName[] {
  return s.choices.filter((c) => c.spec === spec && !c.refused).map((c) => c.algorithm);
}

/** The current wrapping choice, kept to what KMS allows for this key spec. */
export function wrappingChoice(
  s: PageState,
  form: Form,
): { spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName } {
  const specs = allowedSpecs(s);
  const spec = form.spec && specs.includes(form.spec) ? form.spec : s.defaultChoice.spec;
  const algorithms = allowedAlgorithms(s, spec);
  const algorithm =
    form.algorithm && algorithms.includes(form.algorithm)
      ? form.algorithm
      : algorithms.includes(s.defaultChoice.algorithm)
        ? s.defaultChoice.algorithm
        : (algorithms[0] ?? s.defaultChoice.algorithm);
  return { spec, algorithm };
}

/** Asks the host for wrapping parameters of the current choice (step 1, and an error's "Get new parameters"). */
export function parametersRequest(s: PageState, form: Form): WebviewMessage {
  return { type: 'getParameters', ...wrappingChoice(s, form) };
}

/** The import token from KMS has lapsed: the import needs new parameters. */
export function tokenExpired(s: PageState, now: number): boolean {
  return s.parameters?.source === 'kms' && s.parameters.validTo <= now;
}
