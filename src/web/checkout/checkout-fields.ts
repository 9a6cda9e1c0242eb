// The checkout page's form parts: labelled fields with their hints and errors, hidden inputs, forms
// that post to the page, and the primary button.
import { html, type HtmlValue, type SafeHtml } from '../html.js';
import type { CheckoutFrame, FieldSpec, FormError } from './checkout-model.js';

const fieldId = (scope: string, name: string): string => `${scope}-${name}`;

/** A labelled field; `focus` gives it the page's `autofocus` (one field per page). */
export function field(
  scope: string,
  spec: FieldSpec,
  value: string | undefined,
  error: string | undefined,
  focus = false,
): SafeHtml {
  const id = fieldId(scope, spec.name);
  const described = [error !== undefined && `${id}-error`, spec.hint !== undefined && `${id}-hint`]
    .filter((x): x is string => typeof x === 'string')
    .join(' ');
  const common = html`id="${id}" name="${spec.name}" ${!spec.optional && html`required`}
  ${described !== '' && html`aria-describedby="${described}"`}
  ${error !== undefined && html`aria-invalid="true"`} ${focus && html`autofocus`}`;
  const control =
    spec.options === undefined
      ? html`<input
          ${common}
          type="${spec.type ?? 'text'}"
          ${spec.code && html`class="otp"`}
          ${spec.inputmode !== undefined && html`inputmode="${spec.inputmode}"`}
          autocomplete="${spec.autocomplete ?? 'off'}"
          ${spec.pattern !== undefined && html`pattern="${spec.pattern}"`}
          ${spec.maxlength !== undefined && html`maxlength="${spec.maxlength}"`}
          ${spec.placeholder !== undefined && html`placeholder="${spec.placeholder}"`}
          ${value !== undefined && html`value="${value}"`}
        />`
      : html`<select ${common}>
          ${spec.options.map(
            ([v, label]) => html`<option value="${v}" ${v === value && html`selected`}>${label}</option>`,
          )}
        </select>`;
  return html`<div class="field">
    <label for="${id}">${spec.label}${spec.optional && ' (optional)'}</label>
    ${control} ${spec.hint !== undefined && html`<p id="${id}-hint" class="hint">${spec.hint}</p>`}
    ${error !== undefined && html`<p id="${id}-error" class="field-error">${error}</p>`}
  </div>`;
}

/**
 * The fields of a form, half-width ones paired in a row. With `focus`, the first field in error (or
 * the first field) takes the page's focus.
 */
export function fields(
  scope: string,
  specs: readonly FieldSpec[],
  values: Readonly<Record<string, string>>,
  errors: readonly FormError[],
  focus = false,
): SafeHtml[] {
  const errorOf = (name: string) => errors.find((e) => e.field === name)?.message;
  const erring = specs.findIndex((s) => errorOf(s.name) !== undefined);
  const focused = focus ? specs[erring === -1 ? 0 : erring] : undefined;
  const one = (spec: FieldSpec) =>
    field(scope, spec, values[spec.name], errorOf(spec.name), spec === focused);
  const out: SafeHtml[] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    if (!spec) continue;
    const next = specs[i + 1];
    if (spec.half && next?.half) {
      out.push(html`<div class="pair">${one(spec)} ${one(next)}</div>`);
      i++;
    } else {
      out.push(one(spec));
    }
  }
  return out;
}

export const hidden = (name: string, value: string): SafeHtml =>
  html`<input type="hidden" name="${name}" value="${value}" />`;

export function form(f: CheckoutFrame, actionName: string, content: HtmlValue): SafeHtml {
  return html`<form method="post" action="${f.action}">${hidden('action', actionName)} ${content}</form>`;
}

export const primary = (label: string): SafeHtml =>
  html`<button type="submit" class="button primary block">${label}</button>`;

/** Errors that belong to no field, above the form they came from. */
export function formErrors(errors: readonly FormError[]): SafeHtml | false {
  const general = errors.filter((e) => e.field === undefined);
  return (
    general.length > 0 &&
    html`<div class="notice" role="alert">${general.map((e) => html`<p>${e.message}</p>`)}</div>`
  );
}
