import { BUTTON } from '../../shared/keyMaterialButtons';
import type { WrappingAlgorithmName, WrappingKeySpecName } from '../../shared/keyMaterialProtocol';
import { tokenCountdown } from '../../shared/timeTexts';
import { button, h, select } from './dom';
import { isBusy, type PageView } from './pageView';
import { parametersSummary, TEXT } from './texts';
import { allowedAlgorithms, allowedSpecs, parametersRequest, tokenExpired, wrappingChoice } from './wrapping';

/** Step 1: the wrapping key spec and algorithm, the request for parameters, and the import token's countdown. */
export function parametersStep(view: PageView): HTMLElement {
  const { state: s, form } = view;
  const busy = isBusy(view);
  const choice = wrappingChoice(s, form);
  const params = s.parameters;
  const expired = tokenExpired(s, Date.now());
  return h(
    'div',
    { class: 'step', id: 'step-parameters' },
    h('h3', {}, TEXT.parametersStep),
    h('p', { class: 'hint' }, TEXT.parametersHint),
    h(
      'div',
      { class: 'row' },
      select(
        'wrapping-spec',
        TEXT.wrappingKeySpec,
        allowedSpecs(s),
        choice.spec,
        (v) => {
          form.spec = v as WrappingKeySpecName;
          view.keepFormAndRender();
        },
        busy,
      ),
      select(
        'wrapping-algorithm',
        TEXT.wrappingAlgorithm,
        allowedAlgorithms(s, choice.spec),
        choice.algorithm,
        (v) => {
          form.algorithm = v as WrappingAlgorithmName;
          view.keepFormAndRender();
        },
        busy,
      ),
    ),
    h('p', { class: 'hint', id: 'algorithm-note' }, s.algorithmNotes[choice.algorithm]),
    h(
      'div',
      { class: 'actions' },
      // Errors about the token offer "Get new parameters" (NEXT_STEP_BUTTON): once there are parameters, this is that button.
      button(
        'get-parameters',
        params ? BUTTON.getNewParameters : BUTTON.getParameters,
        () => view.send(parametersRequest(s, form)),
        { disabled: busy },
      ),
      params?.source === 'kms' &&
        !expired &&
        button('export-parameters', BUTTON.exportParameters, () => view.send({ type: 'exportParameters' }), {
          secondary: true,
          disabled: busy,
        }),
    ),
    params?.source === 'kms'
      ? h(
          'p',
          { class: expired ? 'status warn' : 'status ok', id: 'parameters-status' },
          parametersSummary(params.spec, params.algorithm),
          h(
            'span',
            { 'data-until': params.validTo, 'data-format': 'token', id: 'token-countdown' },
            tokenCountdown(params.validTo, Date.now()),
          ),
          expired ? TEXT.tokenExpiredHint : '',
        )
      : params?.source === 'file'
        ? h('p', { class: 'status ok', id: 'parameters-status' }, TEXT.tokenFromFile)
        : h('p', { class: 'status', id: 'parameters-status' }, TEXT.noParameters),
  );
}
