// Placeholder: filled in by the candidates work.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HiringDeps } from '../applications/deps.ts';

export const candidateRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async () => {};
