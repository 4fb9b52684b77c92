import { uuidv7 } from 'uuidv7';

/** Time-ordered UUIDs (v7): index-friendly primary keys that reveal no counts. */
export const newId = (): string => uuidv7();
