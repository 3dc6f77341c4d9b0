#!/usr/bin/env node
// The companion is TypeScript; tsx compiles it on the fly so `leo` runs from a plain checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
