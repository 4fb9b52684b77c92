// The frame of every wizard step after the template: its heading (focused when the step opens, so
// screen readers hear where they are), the save problem, the fields, and Back / Continue.
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { ApiProblem } from '../../api/client';
import { Button, ProblemAlert } from '../../ui/components';

interface StepFormProps {
  heading: string;
  intro?: ReactNode;
  error: unknown;
  saving: boolean;
  onBack: () => void;
  onContinue: () => void;
  /** After a 412: read the latest version (this step's unsaved edits are dropped). */
  onReload: () => void;
  continueLabel?: string;
  children: ReactNode;
}

export function StepForm(props: StepFormProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onContinue();
  };
  const stale = props.error instanceof ApiProblem && props.error.status === 412;
  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="step-heading">
      <div>
        <h2 id="step-heading" ref={heading} tabIndex={-1} className="step-heading">
          {props.heading}
        </h2>
        {props.intro && <p className="muted">{props.intro}</p>}
      </div>
      {props.error ? (
        <div className="stack-sm">
          <ProblemAlert
            error={props.error}
            title={stale ? 'Someone else changed this posting' : 'Could not save this step'}
          />
          {stale && (
            <div>
              <Button onClick={props.onReload}>Load the latest version</Button>
            </div>
          )}
        </div>
      ) : null}
      {props.children}
      <div className="wizard-nav">
        <Button onClick={props.onBack} disabled={props.saving}>
          Back
        </Button>
        <Button type="submit" variant="primary" busy={props.saving}>
          {props.continueLabel ?? 'Continue'}
        </Button>
      </div>
    </form>
  );
}
