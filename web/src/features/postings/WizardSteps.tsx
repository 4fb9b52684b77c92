// The wizard's step indicator: where you are (aria-current="step") and what is left.
export const STEPS = [
  { id: 'template', label: 'Template' },
  { id: 'content', label: 'Content' },
  { id: 'details', label: 'Details' },
  { id: 'questions', label: 'Questions' },
  { id: 'review', label: 'Review' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];
export type EditStep = Exclude<StepId, 'template'>;
export const EDIT_STEPS: EditStep[] = ['content', 'details', 'questions', 'review'];

export const isEditStep = (s: string | null): s is EditStep => EDIT_STEPS.includes(s as EditStep);

export function WizardSteps({ current }: { current: StepId }) {
  const at = STEPS.findIndex((s) => s.id === current);
  return (
    <nav aria-label="Posting wizard steps">
      <ol className="wizard-steps">
        {STEPS.map((s, i) => (
          <li key={s.id} aria-current={s.id === current ? 'step' : undefined} data-done={i < at || undefined}>
            <span className="wizard-step-number" aria-hidden="true">
              {i < at ? '✓' : i + 1}
            </span>
            <span>
              {s.label}
              {i < at && <span className="sr-only"> (done)</span>}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
