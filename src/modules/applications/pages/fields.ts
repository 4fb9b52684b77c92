// One field of the application form, GOV.UK style: label (or fieldset and legend), hint, inline
// error, control. The messages live here so the server, the markup and apply.js say the same thing.
import { html, type SafeHtml } from '../../../http/html.ts';
import type { BoardJobDetail } from '../../careers/schemas.ts';

export type FormField = BoardJobDetail['applicationForm']['fields'][number];

/** A form field with the name it is posted under (`answers.<id>` for a screening question). */
export interface FieldSpec extends FormField {
  name: string;
}

export interface FieldContext {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Radios for up to this many options, a select above it. */
export const MAX_RADIOS = 5;

const FILE_TYPES: Record<string, [extension: string, name: string]> = {
  'application/pdf': ['.pdf', 'PDF'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx', 'DOCX'],
  'application/msword': ['.doc', 'DOC'],
  'application/vnd.oasis.opendocument.text': ['.odt', 'ODT'],
  'application/rtf': ['.rtf', 'RTF'],
  'text/plain': ['.txt', 'TXT'],
};
const DEFAULT_ACCEPT = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];
const AUTOCOMPLETE: Record<string, string> = { name: 'name', email: 'email', phone: 'tel' };

export const fieldId = (name: string) => `field-${name}`;

function oneOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Accepted files as extensions (.pdf) and as names (PDF); an unknown type stays as given. */
export function fileTypes(f: FormField): { extensions: string[]; names: string[]; accept: string } {
  const accept = f.accept ?? DEFAULT_ACCEPT;
  const known = accept.map(
    (t): [string, string] | null =>
      FILE_TYPES[t] ?? (t.startsWith('.') ? [t, t.slice(1).toUpperCase()] : null),
  );
  const extensions = known.flatMap((k) => (k ? [k[0]] : []));
  const names = accept.map((t, i) => known[i]?.[1] ?? t);
  return { extensions, names, accept: [...new Set([...extensions, ...accept])].join(',') };
}

export function maxMegabytes(f: FormField): string {
  return `${Math.round(((f.maxBytes ?? DEFAULT_MAX_BYTES) / 1024 / 1024) * 10) / 10} MB`;
}

const isGroup = (f: FormField) =>
  f.type === 'yes_no' ||
  f.type === 'consent' ||
  f.type === 'multiple_choice' ||
  (f.type === 'single_choice' && (f.options ?? []).length <= MAX_RADIOS);

/** The message for a required field left empty. */
export function requiredMessage(f: FieldSpec): string {
  if (f.name === 'name') return 'Enter your full name';
  if (f.name === 'email') return 'Enter your email address';
  if (f.name === 'resume') return 'Choose your resume file';
  if (f.name === 'privacyConsent') return 'Agree to the privacy consent to send your application';
  if (f.type === 'file') return `Choose a file for “${f.label}”`;
  if (f.type === 'consent') return `Agree to “${f.label}” to send your application`;
  if (isGroup(f) || f.type === 'single_choice') return `Select an answer for “${f.label}”`;
  return `Answer “${f.label}”`;
}

/** The message for a value in the wrong format (email, number), or undefined. */
export function formatMessage(f: FieldSpec): string | undefined {
  if (f.type === 'email') return 'Enter an email address in the correct format, like name@example.com';
  if (f.type !== 'number') return undefined;
  const { min, max } = f;
  if (min !== undefined && max !== undefined) return `Enter a number between ${min} and ${max}`;
  if (min !== undefined) return `Enter a number of ${min} or more`;
  if (max !== undefined) return `Enter a number of ${max} or less`;
  return 'Enter a number';
}

export const fileSizeMessage = (f: FieldSpec) => `The file must be smaller than ${maxMegabytes(f)}`;
export const fileTypeMessage = (f: FieldSpec) => `The file must be a ${oneOf(fileTypes(f).names)} file`;

function hintText(f: FieldSpec): string {
  const parts = f.helpText ? [f.helpText] : [];
  if (f.type === 'file') parts.push(`${oneOf(fileTypes(f).names)}, up to ${maxMegabytes(f)}.`);
  if (f.type === 'number' && (f.min !== undefined || f.max !== undefined)) parts.push(`${formatMessage(f)}.`);
  if (f.type === 'multiple_choice') parts.push('Select all that apply.');
  return parts.join(' ');
}

function valuesOf(ctx: FieldContext, name: string): string[] {
  const v = ctx.values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const requirement = (f: FormField) =>
  html` <span class="field-req">${f.required ? '(required)' : '(optional)'}</span>`;

/** Renders one field; `controls` get the attributes that tie them to the hint and the error. */
export function renderField(f: FieldSpec, ctx: FieldContext, hasErrors: boolean): SafeHtml {
  const id = fieldId(f.name);
  const error = ctx.errors[f.name];
  let hint = hintText(f);
  if (f.type === 'file' && hasErrors)
    hint += ' Files are not kept when there is a problem with the form, so choose the file again.';
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const group = isGroup(f);
  const common = html`${f.required ? html` required` : ''}${error ? html` aria-invalid="true"` : ''}${
    describedBy && !group ? html` aria-describedby="${describedBy}"` : ''
  }`;
  const text = html`${hint ? html`<p class="field-hint" id="${id}-hint">${hint}</p>` : ''}${
    error
      ? html`<p class="field-error" id="${id}-error"><span class="sr-only">Error:</span> ${error}</p>`
      : ''
  }`;
  const format = formatMessage(f);
  const data = html` data-field="${f.name}"${f.required ? html` data-required-message="${requiredMessage(f)}"` : ''}${
    format ? html` data-format-message="${format}"` : ''
  }`;
  const cls = error ? 'field field--error' : 'field';

  if (group) {
    const chosen = valuesOf(ctx, f.name);
    const options: [string, string][] =
      f.type === 'yes_no'
        ? [
            ['yes', 'Yes'],
            ['no', 'No'],
          ]
        : f.type === 'consent'
          ? [['yes', f.consentText || 'I agree']]
          : (f.options ?? []).map((o) => [o, o]);
    const type = f.type === 'multiple_choice' || f.type === 'consent' ? 'checkbox' : 'radio';
    // A required checkbox group cannot use `required` (it would demand every box): apply.js and the
    // server check it instead.
    const controlAttrs =
      f.type === 'multiple_choice' ? html`${error ? html` aria-invalid="true"` : ''}` : common;
    return html`<fieldset class="${cls}"${data}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
<legend class="field-label">${f.label}${requirement(f)}</legend>
${text}<div class="choices${f.type === 'yes_no' ? ' choices--inline' : ''}">
${options.map(([value, label], i) => {
  const optionId = i === 0 ? id : `${id}-${i + 1}`;
  return html`<div class="choice"><input type="${type}" id="${optionId}" name="${f.name}" value="${value}"${
    chosen.includes(value) ? html` checked` : ''
  }${controlAttrs}><label for="${optionId}">${label}</label></div>\n`;
})}</div>
</fieldset>`;
  }

  const value = valuesOf(ctx, f.name)[0] ?? '';
  const attrs = html`id="${id}" name="${f.name}"${common}`;
  let control: SafeHtml;
  if (f.type === 'single_choice') {
    control = html`<select class="input" ${attrs}><option value="">Choose an answer</option>
${(f.options ?? []).map((o) => html`<option value="${o}"${o === value ? html` selected` : ''}>${o}</option>`)}
</select>`;
  } else if (f.type === 'long_text') {
    control = html`<textarea class="input" rows="6" ${attrs}>${value}</textarea>`;
  } else if (f.type === 'file') {
    const types = fileTypes(f);
    // Never a value: browsers do not refill file inputs, and the server keeps no file of a failed post.
    control = html`<input class="input input--file" type="file" ${attrs} accept="${types.accept}" data-max-bytes="${
      f.maxBytes ?? DEFAULT_MAX_BYTES
    }" data-extensions="${types.extensions.join(',')}" data-size-message="${fileSizeMessage(f)}" data-type-message="${fileTypeMessage(f)}">`;
  } else if (f.type === 'number') {
    control = html`<input class="input input--narrow" type="number" step="any" ${attrs}${
      f.min !== undefined ? html` min="${f.min}"` : ''
    }${f.max !== undefined ? html` max="${f.max}"` : ''} value="${value}">`;
  } else {
    const type = f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text';
    const autocomplete = AUTOCOMPLETE[f.name];
    control = html`<input class="input" type="${type}" ${attrs} value="${value}"${
      autocomplete ? html` autocomplete="${autocomplete}"` : ''
    }${type === 'email' ? html` spellcheck="false"` : ''}>`;
  }
  return html`<div class="${cls}"${data}>
<label class="field-label" for="${id}">${f.label}${requirement(f)}</label>
${text}${control}
</div>`;
}
