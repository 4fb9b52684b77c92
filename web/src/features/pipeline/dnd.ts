// Drag and drop between stage columns (@dnd-kit/core): which sensors, how a keyboard drag jumps
// from column to column, and what screen readers hear.
import {
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  KeyboardCode,
  PointerSensor,
  type PointerSensorOptions,
  pointerWithin,
  rectIntersection,
  type ScreenReaderInstructions,
} from '@dnd-kit/core';
import type { PointerEvent } from 'react';
import type { Application, Stage } from './api';

/** A pointer press on a link, checkbox or select does what it says instead of starting a drag. */
export class CardPointerSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: ({ nativeEvent: event }: PointerEvent, { onActivation }: PointerSensorOptions) => {
        if (!event.isPrimary || event.button !== 0) return false;
        const target = event.target instanceof Element ? event.target : null;
        if (target?.closest('a, input, select, textarea, label, button:not([data-drag-handle])'))
          return false;
        onActivation?.({ event });
        return true;
      },
    },
  ];
}

/** The card being dragged (set as the draggable's data). */
export const draggedApplication = (data: unknown): Application | undefined =>
  (data as { application?: Application } | undefined)?.application;

/**
 * Left and right arrows move the dragged card to the centre-left of the previous or next column,
 * so one key press is one stage (dnd-kit's default moves 25 px at a time).
 */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  if (step === 0) return undefined;
  event.preventDefault();
  const columns = context.droppableContainers
    .getEnabled()
    .flatMap((c) => {
      const rect = context.droppableRects.get(c.id);
      return rect ? [{ id: c.id, rect }] : [];
    })
    .sort((a, b) => a.rect.left - b.rect.left);
  const current = context.over?.id ?? draggedApplication(context.active?.data.current)?.stage.id;
  const index = columns.findIndex((c) => c.id === current);
  const target = columns[index + step];
  if (!target) return undefined;
  const top = target.rect.top + 48;
  const bottom = Math.max(top, target.rect.top + target.rect.height - 120);
  return { x: target.rect.left + 8, y: Math.min(bottom, Math.max(top, currentCoordinates.y)) };
};

/** The column under the pointer, or (keyboard) the one the card overlaps most. */
export const boardCollisions: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const within = pointerWithin(args);
    if (within.length > 0) return within;
  }
  return rectIntersection(args);
};

export const instructions: ScreenReaderInstructions = {
  draggable:
    'To move this candidate to another stage, press Space to pick the card up, the left and right arrow keys to choose a stage, and Space again to drop it. Escape cancels. The Move select on the card does the same.',
};

export function announcementsFor(stages: Stage[]): Announcements {
  const stageName = (id: unknown) => stages.find((s) => s.id === id)?.name ?? 'no stage';
  const nameOf = (data: unknown) => draggedApplication(data)?.candidate.name ?? 'The candidate';
  const from = (data: unknown) => draggedApplication(data)?.stage.name ?? 'its stage';
  return {
    onDragStart: ({ active }) =>
      `Picked up ${nameOf(active.data.current)} from ${from(active.data.current)}.`,
    // dnd-kit announces "over" right after "picked up": over the card's own stage, say both.
    onDragOver: ({ active, over }) => {
      const name = nameOf(active.data.current);
      if (!over) return `${name} is not over a stage.`;
      if (over.id === draggedApplication(active.data.current)?.stage.id)
        return `Picked up ${name} in ${stageName(over.id)}. Left and right arrows choose a stage.`;
      return `${name} is over ${stageName(over.id)}.`;
    },
    onDragEnd: ({ active, over }) => {
      const name = nameOf(active.data.current);
      if (!over || over.id === draggedApplication(active.data.current)?.stage.id)
        return `${name} stays in ${from(active.data.current)}.`;
      return `${name} dropped on ${stageName(over.id)}.`;
    },
    onDragCancel: ({ active }) =>
      `Cancelled. ${nameOf(active.data.current)} stays in ${from(active.data.current)}.`,
  };
}
