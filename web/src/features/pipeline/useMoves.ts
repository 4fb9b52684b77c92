// Moving cards: optimistic (the card moves at once), rolled back with an error toast when the API
// refuses, confirmed with a toast that offers Undo. Rejections first ask for a reason (the API
// requires one), so they wait for the reject dialog.
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiProblem } from '../../api/client';
import { useToast } from '../../ui/toast';
import {
  type Application,
  BULK_LIMIT,
  type BoardData,
  type MoveRequest,
  type Stage,
  mapApplications,
  moveMany,
  moveOne,
  pipelineKeys,
} from './api';

export interface PendingRejection {
  applications: Application[];
  to: Stage;
  /** Called once they moved (the bulk toolbar clears its selection). */
  onMoved?: (() => void) | undefined;
}

const statusFor = (stage: Stage): Application['status'] =>
  stage.kind === 'rejected' ? 'rejected' : stage.kind === 'hired' ? 'hired' : 'active';

export const describe = (applications: Application[]) =>
  applications.length === 1 && applications[0]
    ? applications[0].candidate.name
    : `${applications.length} applications`;

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** A withdrawn application cannot be moved (409); one already there needs no move. */
export const movable = (a: Application, to?: Stage) => a.status !== 'withdrawn' && a.stage.id !== to?.id;

export function useMoves(postingId: string) {
  const client = useQueryClient();
  const toast = useToast();
  const [rejection, setRejection] = useState<PendingRejection | null>(null);
  const boardKey = pipelineKeys.applicationsOf(postingId);

  const update = (ids: ReadonlySet<string>, change: (a: Application) => Application) =>
    client.setQueriesData<BoardData>({ queryKey: boardKey }, (data) => mapApplications(data, ids, change));

  /** Moves now; resolves true when every application moved. */
  async function execute(
    applications: Application[],
    to: Stage,
    body: Omit<MoveRequest, 'stageId'> = {},
    undoable = true,
  ): Promise<boolean> {
    if (applications.length === 0) return true;
    const originals = new Map(applications.map((a) => [a.id, a]));
    const label = describe(applications);
    // A page still loading must not overwrite the optimistic move with what it read before.
    await client.cancelQueries({ queryKey: boardKey });
    const enteredAt = new Date().toISOString();
    update(new Set(originals.keys()), (a) => ({
      ...a,
      stage: to,
      stageEnteredAt: enteredAt,
      status: statusFor(to),
    }));
    const done = new Set<string>();
    try {
      const request = { ...body, stageId: to.id };
      const [only] = applications;
      if (applications.length === 1 && only) {
        const detail = await moveOne(only.id, request);
        client.setQueryData(pipelineKeys.detail(only.id), detail);
        done.add(only.id);
        update(done, (a) => ({
          ...a,
          stage: detail.stage,
          stageEnteredAt: detail.stageEnteredAt,
          status: detail.status,
          updatedAt: detail.updatedAt,
        }));
      } else {
        // The API moves at most 100 at once, each call all or nothing.
        for (const chunk of chunks([...originals.keys()], BULK_LIMIT)) {
          await moveMany(chunk, request);
          for (const id of chunk) done.add(id);
        }
      }
      const back = [...originals.values()];
      const canUndo = undoable && back.every((a) => a.stage.kind !== 'rejected');
      toast.show(
        `Moved ${label} to ${to.name}`,
        canUndo ? { label: 'Undo', run: () => void undo(back) } : undefined,
      );
      return true;
    } catch (error) {
      const failed = new Set([...originals.keys()].filter((id) => !done.has(id)));
      update(failed, (a) => originals.get(a.id) ?? a);
      const detail = error instanceof ApiProblem ? error.detail : String(error);
      toast.show(
        done.size > 0
          ? `Moved ${done.size} of ${originals.size} to ${to.name}; the others stay where they were: ${detail}`
          : `Could not move ${label} to ${to.name}: ${detail}`,
      );
      return false;
    } finally {
      // The cards are right already; the next visit reads the board afresh.
      void client.invalidateQueries({ queryKey: boardKey, refetchType: 'none' });
      for (const id of originals.keys())
        void client.invalidateQueries({ queryKey: pipelineKeys.detail(id), refetchType: 'none' });
      // Other screens' lists of applications and candidates (stage, status, activity).
      void client.invalidateQueries({ queryKey: ['applications'] });
      void client.invalidateQueries({ queryKey: ['candidates'] });
    }
  }

  /** Puts each application back in the stage it came from. */
  async function undo(previous: Application[]) {
    const byStage = new Map<string, { stage: Stage; applications: Application[] }>();
    for (const a of previous) {
      const group = byStage.get(a.stage.id) ?? { stage: a.stage, applications: [] };
      group.applications.push(a);
      byStage.set(a.stage.id, group);
    }
    for (const { stage, applications } of byStage.values()) {
      const current = applications.map((a) => currentOf(a.id) ?? a);
      await execute(current, stage, {}, false);
    }
  }

  function currentOf(id: string): Application | undefined {
    for (const [, data] of client.getQueriesData<BoardData>({ queryKey: boardKey })) {
      for (const page of data?.pages ?? []) {
        const found = page.data.find((a) => a.id === id);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** What a drop, the card's Move select or the bulk toolbar asks for. */
  async function request(applications: Application[], to: Stage, onMoved?: () => void) {
    const moving = applications.filter((a) => movable(a, to));
    if (moving.length === 0) return;
    if (to.kind === 'rejected') {
      setRejection({ applications: moving, to, onMoved });
      return;
    }
    if (await execute(moving, to)) onMoved?.();
  }

  // Cards get one function for their whole life (they are memoized), which calls the latest.
  const latest = useRef(request);
  latest.current = request;
  const [stableRequest] = useState(
    () => (applications: Application[], to: Stage, onMoved?: () => void) =>
      latest.current(applications, to, onMoved),
  );

  return {
    request: stableRequest,
    execute,
    rejection,
    closeRejection: () => setRejection(null),
  };
}
