// One stage of the editor: its name and kind, and Up, Down and Remove (keyboard-first reordering).
// Up and Down are aria-disabled, not disabled, at the ends: the focus stays on the moved button.
import { Button } from '../../ui/components';
import { STAGE_KINDS, type StageDraft, type StageKind, kindLabel } from './stages';

export function StageRow({
  stage,
  index,
  count,
  canEdit,
  nameError,
  onChange,
  onMove,
  onRemove,
}: {
  stage: StageDraft;
  index: number;
  count: number;
  canEdit: boolean;
  nameError?: string | undefined;
  onChange: (change: Partial<StageDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const label = stage.name.trim() || `stage ${n}`;
  if (!canEdit) {
    return (
      <li className="list-item row">
        <strong>{stage.name}</strong> <span className="muted">{kindLabel(stage.kind)}</span>
      </li>
    );
  }
  const nameId = `stage-name-${stage.key}`;
  const errorId = `${nameId}-error`;
  return (
    <li className="list-item stage-row">
      <span className="stage-number" aria-hidden="true">
        {n}
      </span>
      <div className="field">
        <label htmlFor={nameId}>Name of stage {n}</label>
        {nameError && (
          <span className="error" id={errorId}>
            {nameError}
          </span>
        )}
        <input
          id={nameId}
          className="input"
          maxLength={60}
          value={stage.name}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? errorId : undefined}
          onChange={(e) => onChange({ name: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`stage-kind-${stage.key}`}>Kind of stage {n}</label>
        <select
          id={`stage-kind-${stage.key}`}
          value={stage.kind}
          onChange={(e) => onChange({ kind: e.target.value as StageKind })}
        >
          {STAGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="row stage-actions">
        <Button
          small
          aria-label={`Move ${label} up`}
          aria-disabled={index === 0 || undefined}
          onClick={() => index > 0 && onMove(-1)}
        >
          Up
        </Button>
        <Button
          small
          aria-label={`Move ${label} down`}
          aria-disabled={index === count - 1 || undefined}
          onClick={() => index < count - 1 && onMove(1)}
        >
          Down
        </Button>
        <Button small variant="danger" aria-label={`Remove ${label}`} onClick={onRemove}>
          Remove
        </Button>
      </div>
    </li>
  );
}
