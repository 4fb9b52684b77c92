// One candidate on the board: name (to the application), dates, flags, the match score with its
// explanation, and — for people who may move applications — a checkbox, a drag handle and a Move
// select (the keyboard and touch way to do what dragging does).
import { useDraggable } from '@dnd-kit/core';
import { memo, useId } from 'react';
import { Link } from 'react-router';
import { Badge, formatDate } from '../../ui/components';
import type { Application, Stage } from './api';
import { MatchBadge, MatchExplanation } from './MatchScore';
import { timeInStage } from './time';

export interface CardActions {
  onSelect(id: string, selected: boolean): void;
  onToggleMatch(id: string): void;
  onMove(applications: Application[], to: Stage): void;
}

interface Props extends CardActions {
  application: Application;
  stages: Stage[];
  canWrite: boolean;
  /** Question labels by id, for the knock-out flags. */
  questions: ReadonlyMap<string, string>;
  selected: boolean;
  expanded: boolean;
}

const STATUS_TONE = {
  hired: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  active: 'neutral',
} as const;

export const ApplicationCard = memo(function ApplicationCard({
  application: a,
  stages,
  canWrite,
  questions,
  selected,
  expanded,
  onSelect,
  onToggleMatch,
  onMove,
}: Props) {
  const id = useId();
  const name = a.candidate.name;
  const canMove = canWrite && a.status !== 'withdrawn';
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: a.id,
    data: { application: a },
    disabled: !canMove,
  });
  const knockouts = a.knockouts.length;
  const knockoutQuestions = a.knockouts.map((q) => questions.get(q) ?? q).join('; ');
  return (
    <article
      ref={setNodeRef}
      aria-labelledby={`${id}-name`}
      className={`pipeline-card${isDragging ? ' is-dragging' : ''}${selected ? ' is-selected' : ''}`}
      {...(canMove ? listeners : {})}
    >
      <div className="pipeline-card-top">
        {canWrite && (
          <input
            type="checkbox"
            className="pipeline-card-check"
            aria-label={`Select ${name}`}
            checked={selected}
            onChange={(e) => onSelect(a.id, e.target.checked)}
          />
        )}
        <h3 id={`${id}-name`} className="pipeline-card-name">
          <Link to={`/applications/${a.id}`}>{name}</Link>
        </h3>
        {canMove && (
          <button
            type="button"
            ref={setActivatorNodeRef}
            className="drag-handle"
            data-drag-handle
            {...attributes}
            aria-label={`Drag ${name}`}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
      </div>
      <p className="pipeline-card-meta small muted">
        Applied {formatDate(a.createdAt)}
        <br />
        {timeInStage(a.stageEnteredAt)}
      </p>
      <div className="pipeline-card-flags">
        <MatchBadge application={a} />
        {a.score !== null && (
          <button
            type="button"
            className="link-button small"
            aria-expanded={expanded}
            aria-controls={expanded ? `${id}-why` : undefined}
            onClick={() => onToggleMatch(a.id)}
          >
            Why {a.score}%?
          </button>
        )}
        {knockouts > 0 && (
          <span className="knockout-flag small" title={knockoutQuestions}>
            <span aria-hidden="true">⚑ </span>
            {knockouts === 1 ? 'Knock-out answer' : `${knockouts} knock-out answers`}
            <span className="sr-only">: {knockoutQuestions}</span>
          </span>
        )}
        {a.status !== 'active' && <Badge tone={STATUS_TONE[a.status]}>{a.status}</Badge>}
      </div>
      {expanded && <MatchExplanation applicationId={a.id} id={`${id}-why`} />}
      {canMove && (
        <select
          className="pipeline-card-move"
          aria-label={`Move ${name} to`}
          value=""
          onChange={(e) => {
            const to = stages.find((s) => s.id === e.target.value);
            if (to) onMove([a], to);
          }}
        >
          <option value="">Move to…</option>
          {stages
            .filter((s) => s.id !== a.stage.id)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      )}
    </article>
  );
});

/** What follows the pointer while dragging (the card itself stays in place, dimmed). */
export function CardPreview({ application }: { application: Application }) {
  return (
    <div className="pipeline-card pipeline-card-preview" aria-hidden="true">
      <strong>{application.candidate.name}</strong>
      <span className="small muted">from {application.stage.name}</span>
    </div>
  );
}
