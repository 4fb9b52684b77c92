// Wires webhooks to the job queue in a serving process (main.ts): each attempt is a job; the relay
// queues committed deliveries when an event's NOTIFY arrives (at commit, on every instance) and
// every minute (anything missed, or whose job was lost).
import type { Database } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { WEBHOOK_CHANNEL } from './events.ts';
import { DELIVER_QUEUE } from './relay.ts';

const WORKERS = 4;

export interface WebhookWorkerDeps {
  queue: Pick<JobQueue, 'define' | 'schedule'>;
  database: Pick<Database, 'listen'>;
  tasks: { relayWebhooks(): Promise<number>; deliverWebhook(id: string): Promise<unknown> };
  log: { warn(details: object, message: string): void };
}

/** Starts delivering; the returned function stops listening and waits for a relay in progress. */
export async function startWebhookWorker(deps: WebhookWorkerDeps): Promise<() => Promise<void>> {
  const { queue, database, tasks, log } = deps;
  // Several at once: a receiver that takes its full 10 s must not hold up everyone else's.
  await queue.define<{ id: string }>(
    DELIVER_QUEUE,
    async ({ id }) => {
      await tasks.deliverWebhook(id);
    },
    { concurrency: WORKERS },
  );
  // One relay at a time per process: a burst of NOTIFYs queues behind the run in progress.
  let relaying: Promise<unknown> = Promise.resolve();
  const relay = () => {
    relaying = relaying
      .then(() => tasks.relayWebhooks())
      .catch((error: Error) => log.warn({ err: error.message }, 'webhook relay failed'));
  };
  const unlisten = await database.listen(WEBHOOK_CHANNEL, relay, relay);
  await queue.schedule('relay-webhooks', '* * * * *', async () => {
    await tasks.relayWebhooks();
  });
  relay(); // whatever was committed while no process was serving
  return async () => {
    await unlisten();
    await relaying;
  };
}
