/**
 * The project's root folder (where data/, validity/ and package.json are). This module sits one
 * level below the root both as source (src/root.ts) and inside the compiled bundle (dist/*.js), so
 * the same relative URL finds the root from either.
 */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
