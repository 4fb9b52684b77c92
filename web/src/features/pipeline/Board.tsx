// /pipeline/:postingId — one posting's board: a column per stage, cards moved by dragging (mouse,
// touch or keyboard), by each card's Move select, or many at once from the bulk toolbar.
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Button, Field, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { type Application, fetchPosting, fetchStages, pipelineKeys, type Stage } from './api';
import { CardPreview } from './ApplicationCard';
import { BoardFilters } from './BoardFilters';
import { BulkToolbar } from './BulkToolbar';
import {
  announcementsFor,
  boardCollisions,
  CardPointerSensor,
  columnCoordinates,
  draggedApplication,
  instructions,
} from './dnd';
import { filtersFrom, isFiltered, withParam } from './filters';
import { RejectDialog } from './RejectDialog';
import { StageColumn } from './StageColumn';
import { useBoardApplications } from './useBoardApplications';
import { useMediaQuery } from './useMediaQuery';
import { useMoves } from './useMoves';
import { useSelection } from './useSelection';

const PHONE = '(max-width: 760px)';

export function Board() {
  const { postingId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const canWrite = useCan('applications.write');
  const phone = useMediaQuery(PHONE);

  const posting = useQuery({
    queryKey: pipelineKeys.posting(postingId),
    queryFn: () => fetchPosting(postingId),
  });
  const stageList = useQuery({
    queryKey: pipelineKeys.stages(postingId),
    queryFn: () => fetchStages(postingId),
  });
  const board = useBoardApplications(postingId, filters);
  const moves = useMoves(postingId);
  const title = posting.data?.content.title ?? board.applications[0]?.posting.title ?? 'Pipeline';
  useDocumentTitle(title);

  // Knock-out flags name question ids: show the questions' labels.
  const questions = useMemo(
    () => new Map((posting.data?.content.questions ?? []).map((q) => [q.id, q.label])),
    [posting.data],
  );
  const stages = useMemo(
    () => [...(stageList.data?.items ?? [])].sort((a, b) => a.position - b.position),
    [stageList.data],
  );
  const byStage = useMemo(() => {
    const groups = new Map<string, Application[]>(stages.map((s) => [s.id, []]));
    for (const a of board.applications) groups.get(a.stage.id)?.push(a);
    return groups;
  }, [board.applications, stages]);

  const selection = useSelection(board.applications);
  const expanded = useSelection(board.applications, false);
  const [bulkBusy, setBulkBusy] = useState(false);
  const moveSelected = async (to: Stage) => {
    setBulkBusy(true);
    await moves.request(selection.items, to, selection.clear);
    setBulkBusy(false);
  };

  const sensors = useSensors(
    useSensor(CardPointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );
  const [dragged, setDragged] = useState<Application>();
  // Moving by keyboard takes the card (and its select) to another column: the focus follows it.
  const [focus, setFocus] = useState<{ id: string; stageId: string }>();
  const onFocused = useCallback(() => setFocus(undefined), []);
  const follow = useCallback(
    (application: Application | undefined, to: Stage) =>
      setFocus(application ? { id: application.id, stageId: to.id } : undefined),
    [],
  );
  const { request } = moves;
  const moveFromCard = useCallback(
    (applications: Application[], to: Stage) => {
      // A rejection waits for its dialog; the focus follows once it is confirmed.
      if (to.kind !== 'rejected') follow(applications[0], to);
      void request(applications, to);
    },
    [request, follow],
  );
  const announcements = useMemo(() => announcementsFor(stages), [stages]);
  const onDragStart = useCallback(
    ({ active }: DragStartEvent) => setDragged(draggedApplication(active.data.current)),
    [],
  );
  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    setDragged(undefined);
    const application = draggedApplication(active.data.current);
    const to = stages.find((s) => s.id === over?.id);
    if (!application || !to || to.id === application.stage.id) return;
    // A keyboard drag ends on the handle, which moves with the card: the focus follows it.
    if (activatorEvent instanceof KeyboardEvent && to.kind !== 'rejected') follow(application, to);
    void moves.request([application], to);
  };

  const shownStage = stages.find((s) => s.id === params.get('stage')) ?? stages[0];
  const columns = phone && shownStage ? [shownStage] : stages;
  const loading = stageList.isPending || board.isPending;
  const total = board.applications.length;

  const allBoards = (
    <Link className="btn" to="/pipeline">
      All boards
    </Link>
  );
  // Without its posting (a wrong link, another organization's id) there is no board to show.
  if (posting.error) {
    return (
      <div className="stack">
        <PageHeader title="Pipeline" actions={allBoards} />
        <ProblemAlert error={posting.error} title="Could not load this posting" />
      </div>
    );
  }

  return (
    <div className="stack pipeline-page">
      <PageHeader
        title={title}
        description={
          posting.data?.content.department
            ? `${posting.data.content.department} · hiring pipeline`
            : 'Hiring pipeline'
        }
        actions={allBoards}
      />
      <BoardFilters filters={filters} compact={phone} />
      <p role="status" className="board-status">
        {loading
          ? ''
          : `${total} ${total === 1 ? 'application' : 'applications'}${isFiltered(filters) ? (total === 1 ? ' matches the filters' : ' match the filters') : ''}${
              board.complete ? '' : ' loaded so far, loading more…'
            }${selection.items.length > 0 ? ` · ${selection.items.length} selected` : ''}`}
      </p>
      {!canWrite && (
        <p className="alert alert-info">Read-only: your role can see the board but not move applications.</p>
      )}
      {stageList.error && <ProblemAlert error={stageList.error} title="Could not load the stages" />}
      {board.error && (
        <div className="stack-sm">
          <ProblemAlert error={board.error} title="Could not load the applications" />
          <div>
            <Button onClick={() => void board.retry()}>Try again</Button>
          </div>
        </div>
      )}
      {canWrite && selection.items.length > 0 && (
        <BulkToolbar
          count={selection.items.length}
          stages={stages}
          busy={bulkBusy}
          onMove={(to) => void moveSelected(to)}
          onClear={selection.clear}
        />
      )}
      {loading && !stageList.error && !board.error && <Loading label="Loading the board…" />}
      {!loading && stages.length > 0 && (
        <DndContext
          sensors={sensors}
          collisionDetection={boardCollisions}
          accessibility={{ announcements, screenReaderInstructions: instructions }}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragged(undefined)}
        >
          {phone && shownStage && (
            <div className="stage-picker">
              <Field label="Stage">
                <select
                  value={shownStage.id}
                  onChange={(e) => setParams(withParam(params, 'stage', e.target.value), { replace: true })}
                >
                  {stages.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({byStage.get(s.id)?.length ?? 0})
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          )}
          <div className={`board${phone ? ' board-single' : ''}`}>
            {columns.map((stage) => (
              <StageColumn
                key={stage.id}
                stage={stage}
                stages={stages}
                applications={byStage.get(stage.id) ?? []}
                canWrite={canWrite}
                questions={questions}
                selected={selection.ids}
                expanded={expanded.ids}
                activeId={dragged?.id}
                focusId={focus?.stageId === stage.id ? focus.id : undefined}
                onFocused={onFocused}
                onSelect={selection.set}
                onSelectAll={selection.setMany}
                onToggleMatch={expanded.toggle}
                onMove={moveFromCard}
              />
            ))}
          </div>
          <DragOverlay>{dragged ? <CardPreview application={dragged} /> : null}</DragOverlay>
        </DndContext>
      )}
      <RejectDialog
        pending={moves.rejection}
        onConfirm={async (pending, body) => {
          if (!(await moves.execute(pending.applications, pending.to, body))) return;
          pending.onMoved?.();
          if (pending.applications.length === 1) follow(pending.applications[0], pending.to);
        }}
        onClose={moves.closeRejection}
      />
    </div>
  );
}
