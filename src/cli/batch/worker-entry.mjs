// A batch worker thread: load TypeScript through tsx (hooks are per thread), then run worker.ts.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./worker.ts');
