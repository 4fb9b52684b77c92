// The career site's colour: a colour picker and the same value as hex text, with a live warning
// when white text on it would be hard to read (below the 4.5:1 of WCAG 1.4.3).
import { useId } from 'react';
import { contrastWithWhite, isHexColor } from './contrast';

const FALLBACK = '#2450b8';

export function BrandColorField({
  value,
  onChange,
  error,
  disabled,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const id = useId();
  const valid = isHexColor(value);
  const ratio = valid ? contrastWithWhite(value) : undefined;
  const low = ratio !== undefined && ratio < 4.5;
  const formatError =
    value.trim() !== '' && !valid ? 'Write the colour as # and six hex digits, e.g. #0f766e.' : undefined;
  const shownError = error ?? formatError;
  return (
    <fieldset className="field">
      <legend>Brand colour</legend>
      <span className="hint" id={`${id}-hint`}>
        Buttons and headings of your career site use it, with white text on top. Leave empty for Rolecraft's
        blue.
      </span>
      {shownError && (
        <span className="error" id={`${id}-error`}>
          {shownError}
        </span>
      )}
      <div className="row">
        <label className="sr-only" htmlFor={`${id}-picker`}>
          Brand colour picker
        </label>
        <input
          id={`${id}-picker`}
          type="color"
          className="color-swatch-input"
          value={valid ? value.toLowerCase() : FALLBACK}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        />
        <label className="sr-only" htmlFor={`${id}-hex`}>
          Brand colour (hex)
        </label>
        <input
          id={`${id}-hex`}
          className="input hex-input"
          value={value}
          placeholder="#0f766e"
          maxLength={7}
          spellCheck={false}
          disabled={disabled}
          aria-describedby={[`${id}-hint`, shownError && `${id}-error`, `${id}-contrast`]
            .filter(Boolean)
            .join(' ')}
          aria-invalid={shownError ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {valid && (
          <span className="brand-sample" style={{ background: value }} aria-hidden="true">
            Apply now
          </span>
        )}
      </div>
      <div id={`${id}-contrast`} role="status" aria-live="polite">
        {low && ratio !== undefined ? (
          <div className="alert alert-warning">
            <strong>Low contrast:</strong> white text on {value} has a contrast of {ratio.toFixed(2)}:1, below
            the 4.5:1 that people with low vision need. The career site darkens it where text sits on it;
            choose a darker colour to keep your brand exact.
          </div>
        ) : ratio !== undefined ? (
          <span className="small muted">Contrast with white text: {ratio.toFixed(2)}:1 (meets 4.5:1).</span>
        ) : null}
      </div>
    </fieldset>
  );
}
