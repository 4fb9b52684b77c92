// Appears once cards are selected: move them all to one stage (in calls of up to 100), or clear.
import { useState } from 'react';
import { Button, Field } from '../../ui/components';
import type { Stage } from './api';

interface Props {
  count: number;
  stages: Stage[];
  busy: boolean;
  onMove(to: Stage): void;
  onClear(): void;
}

export function BulkToolbar({ count, stages, busy, onMove, onClear }: Props) {
  const [stageId, setStageId] = useState('');
  const [error, setError] = useState<string>();
  const move = () => {
    const to = stages.find((s) => s.id === stageId);
    if (!to) {
      setError('Choose a stage to move them to.');
      return;
    }
    setError(undefined);
    onMove(to);
  };
  return (
    <section className="bulk-bar" aria-label="Selected applications">
      <p className="bulk-count">
        <strong>{count}</strong> selected
      </p>
      <Field label="Move selected to" error={error}>
        <select value={stageId} onChange={(e) => setStageId(e.target.value)}>
          <option value="">Choose a stage</option>
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="row">
        <Button variant="primary" onClick={move} busy={busy}>
          Move
        </Button>
        <Button onClick={onClear}>Clear selection</Button>
      </div>
    </section>
  );
}
