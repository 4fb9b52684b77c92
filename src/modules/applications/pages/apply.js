// Progressive enhancement of the application form (apply-form.ts). Plain ES2019, no build, loaded
// with `defer` under `script-src 'self'`. Without it the server does every check; with it the
// candidate sees the same inline errors and error summary before posting, and cannot post twice.
(() => {
  const form = document.querySelector('form[data-apply-form]');
  if (!form) return;
  // Our own messages replace the browser's validation bubbles.
  form.noValidate = true;
  const submit = form.querySelector('[data-submit]');
  let sending = false;

  const controlsOf = (field) =>
    Array.prototype.filter.call(
      field.querySelectorAll('input, select, textarea'),
      (c) => c.name === field.getAttribute('data-field'),
    );
  const describedElement = (field) => (field.tagName === 'FIELDSET' ? field : controlsOf(field)[0]);

  function clearError(field) {
    const old = field.querySelector('.field-error');
    if (!old) return;
    const target = describedElement(field);
    const ids = (target.getAttribute('aria-describedby') || '')
      .split(' ')
      .filter((id) => id && id !== old.id);
    if (ids.length > 0) target.setAttribute('aria-describedby', ids.join(' '));
    else target.removeAttribute('aria-describedby');
    for (const c of controlsOf(field)) c.removeAttribute('aria-invalid');
    field.classList.remove('field--error');
    old.remove();
  }

  // The same markup as fields.ts: <p class="field-error" id="…-error"><span class="sr-only">Error:</span> …</p>
  function showError(field, message) {
    clearError(field);
    const controls = controlsOf(field);
    const id = `${controls[0].id}-error`;
    const p = document.createElement('p');
    p.className = 'field-error';
    p.id = id;
    const prefix = document.createElement('span');
    prefix.className = 'sr-only';
    prefix.textContent = 'Error:';
    p.append(prefix, ` ${message}`);
    const hint = field.querySelector('.field-hint');
    const heading = field.querySelector('legend, label');
    if (hint) hint.after(p);
    else if (field.classList.contains('field--consent')) field.prepend(p);
    else heading.after(p);
    const target = describedElement(field);
    const ids = (target.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    target.setAttribute('aria-describedby', ids.concat(id).join(' '));
    for (const c of controls) c.setAttribute('aria-invalid', 'true');
    field.classList.add('field--error');
    return { name: field.getAttribute('data-field'), message };
  }

  function fileProblem(input) {
    const file = input.files ? input.files[0] : undefined;
    if (!file) return null;
    if (file.size > Number(input.getAttribute('data-max-bytes')))
      return input.getAttribute('data-size-message');
    const extensions = (input.getAttribute('data-extensions') || '').split(',').filter(Boolean);
    const name = file.name.toLowerCase();
    if (extensions.length > 0 && !extensions.some((ext) => name.endsWith(ext))) {
      return input.getAttribute('data-type-message');
    }
    return null;
  }

  /** The field's problem as a message, or null. */
  function problem(field) {
    const controls = controlsOf(field);
    const first = controls[0];
    if (!first) return null;
    const required = field.getAttribute('data-required-message');
    if (first.type === 'file') {
      if (!first.files || first.files.length === 0) return required;
      return fileProblem(first);
    }
    if (first.type === 'checkbox' || first.type === 'radio') {
      return controls.some((c) => c.checked) ? null : required;
    }
    const v = first.validity;
    if (v.badInput || v.typeMismatch || v.rangeUnderflow || v.rangeOverflow || v.stepMismatch) {
      return field.getAttribute('data-format-message');
    }
    return first.value.trim() === '' ? required : null;
  }

  function focusField(id) {
    const control = document.getElementById(id);
    if (!control) return false;
    const field = control.closest('[data-field]');
    const heading = field ? field.querySelector('legend, label') : null;
    (heading || control).scrollIntoView();
    control.focus({ preventScroll: true });
    return true;
  }

  // The same markup as errorSummary in apply-form.ts.
  function showSummary(errors) {
    const old = document.querySelector('[data-error-summary]');
    if (old) old.remove();
    const box = document.createElement('div');
    box.className = 'error-summary';
    box.setAttribute('role', 'alert');
    box.setAttribute('tabindex', '-1');
    box.setAttribute('aria-labelledby', 'error-summary-title');
    box.setAttribute('data-error-summary', '');
    const h2 = document.createElement('h2');
    h2.className = 'error-summary-title';
    h2.id = 'error-summary-title';
    h2.textContent = 'There is a problem';
    const list = document.createElement('ul');
    list.className = 'error-summary-list';
    for (const e of errors) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `#field-${encodeURIComponent(e.name)}`;
      a.textContent = e.message;
      li.append(a);
      list.append(li);
    }
    box.append(h2, list);
    form.before(box);
    if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
    box.focus();
  }

  // Summary links move focus to the field and show its question, not just scroll.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('[data-error-summary] a');
    if (link && focusField(decodeURIComponent(link.hash.slice(1)))) event.preventDefault();
  });

  form.addEventListener('change', (event) => {
    const input = event.target;
    if (input.type !== 'file') return;
    const field = input.closest('[data-field]');
    if (!field) return;
    const message = fileProblem(input);
    if (message) showError(field, message);
    else clearError(field);
  });

  form.addEventListener('submit', (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    const errors = [];
    for (const field of form.querySelectorAll('[data-field]')) {
      const message = problem(field);
      if (message) errors.push(showError(field, message));
      else clearError(field);
    }
    if (errors.length > 0) {
      event.preventDefault();
      showSummary(errors);
      return;
    }
    sending = true;
    if (submit) submit.disabled = true;
  });

  // Back from the next page (bfcache): the form can be used again.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    sending = false;
    if (submit) submit.disabled = false;
  });

  const serverSummary = document.querySelector('[data-error-summary]');
  if (serverSummary) serverSummary.focus();
})();
