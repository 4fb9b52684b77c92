// One stage of the board: a labelled region with its count, a drop target, and a virtualized list
// (only the cards in view and a few around them are in the DOM, so 500 cards scroll smoothly).
import { useDroppable } from '@dnd-kit/core';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useRef } from 'react';
import type { Application, Stage } from './api';
import { ApplicationCard, type CardActions } from './ApplicationCard';

/** The usual height of a card without its explanation open (the estimate before measuring). */
export const CARD_HEIGHT = 196;
const GAP = 8;

interface Props extends CardActions {
  stage: Stage;
  stages: Stage[];
  applications: Application[];
  canWrite: boolean;
  questions: ReadonlyMap<string, string>;
  selected: ReadonlySet<string>;
  expanded: ReadonlySet<string>;
  /** The card being dragged, kept rendered even when scrolled out of view. */
  activeId: string | undefined;
  /** A card just moved here by keyboard: scroll to it and put the focus on its name. */
  focusId: string | undefined;
  onFocused(): void;
  onSelectAll(ids: string[], selected: boolean): void;
}

export const StageColumn = memo(function StageColumn({
  stage,
  stages,
  applications,
  canWrite,
  questions,
  selected,
  expanded,
  activeId,
  focusId,
  onFocused,
  onSelectAll,
  ...actions
}: Props) {
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { stage } });
  const activeIndex = activeId ? applications.findIndex((a) => a.id === activeId) : -1;
  const virtualizer = useVirtualizer({
    count: applications.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    getItemKey: (index) => applications[index]?.id ?? index,
    gap: GAP,
    overscan: 3,
    rangeExtractor: useCallback(
      (range: Parameters<typeof defaultRangeExtractor>[0]) => {
        const indexes = defaultRangeExtractor(range);
        return activeIndex >= 0 && !indexes.includes(activeIndex)
          ? [...indexes, activeIndex].sort((x, y) => x - y)
          : indexes;
      },
      [activeIndex],
    ),
  });
  // Cards are measured as they render (ref={measureElement}), and again by a ResizeObserver when
  // an explanation opens or closes: no manual re-measuring needed.

  const focusIndex = focusId ? applications.findIndex((a) => a.id === focusId) : -1;
  useEffect(() => {
    if (focusIndex < 0 || !focusId) return;
    virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
    // The card renders after the scroll (and the virtualizer's next render): focus it then.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        scrollRef.current?.querySelector<HTMLElement>(`[data-application="${focusId}"] h3 a`)?.focus();
        onFocused();
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [focusIndex, focusId, virtualizer, onFocused]);

  const ids = applications.filter((a) => a.status !== 'withdrawn').map((a) => a.id);
  const selectedHere = ids.filter((id) => selected.has(id)).length;
  const count = applications.length;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      className={`stage-column${isOver ? ' is-over' : ''}`}
      data-stage-kind={stage.kind}
    >
      <div className="stage-head">
        <h2 id={headingId} className="stage-title">
          {stage.name}{' '}
          <span className="stage-count">
            {count}
            <span className="sr-only"> {count === 1 ? 'application' : 'applications'}</span>
          </span>
        </h2>
        {canWrite && ids.length > 0 && (
          <label className="check small">
            <input
              type="checkbox"
              checked={selectedHere === ids.length}
              ref={(el) => {
                if (el) el.indeterminate = selectedHere > 0 && selectedHere < ids.length;
              }}
              onChange={(e) => onSelectAll(ids, e.target.checked)}
            />
            <span>
              Select all<span className="sr-only"> in {stage.name}</span>
            </span>
          </label>
        )}
        {isOver && <p className="stage-drop-hint small">Drop to move here</p>}
      </div>
      {count === 0 ? (
        <p className="stage-empty small muted">No applications</p>
      ) : (
        <div className="stage-scroll" ref={scrollRef}>
          <ul className="stage-cards" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const application = applications[item.index];
              if (!application) return null;
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  aria-setsize={count}
                  aria-posinset={item.index + 1}
                  data-application={application.id}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <ApplicationCard
                    application={application}
                    stages={stages}
                    canWrite={canWrite}
                    questions={questions}
                    selected={selected.has(application.id)}
                    expanded={expanded.has(application.id)}
                    {...actions}
                  />
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
});
