#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step, so
// `npm install && npm start` is all a fresh machine needs (see docs/architecture.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
