// The embedding thread's entry: like bin/leo.mjs, it lets tsx compile the TypeScript it runs.
import { register } from 'tsx/esm/api';

register();
await import('./embedder-thread.ts');
