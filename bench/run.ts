import { benchCacheLatency } from './cache-latency.js';
import { benchProxyOverhead } from './proxy-overhead.js';

const benches = { 'proxy-overhead': benchProxyOverhead, 'cache-latency': benchCacheLatency };

for (const [name, run] of Object.entries(benches)) {
  console.log(`\n== ${name}`);
  const { file } = await run();
  console.log(`saved ${file}`);
}
