// Placeholder: filled in by the pipeline work.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HiringDeps } from '../applications/deps.ts';

export const pipelineRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async () => {};
