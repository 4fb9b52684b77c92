// Placeholder: filled in by the collaboration work.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HiringDeps } from '../applications/deps.ts';

export const collaborationRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async () => {};
