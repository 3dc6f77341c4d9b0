import { benchCacheLatency } from './cache-latency.js';
import { benchEmbedding } from './embedding.js';
import { benchExtensionLatency } from './extension-latency.js';
import { benchFloodFairness } from './flood-fairness.js';
import { benchGuardVerifier } from './guard-verifier.js';
import { benchLoad } from './load.js';
import { benchPromptCache } from './prompt-cache.js';
import { benchProxyOverhead } from './proxy-overhead.js';
import { benchTeamSync } from './team-sync.js';
import { benchConsensus } from './consensus.js';
import { benchVectorSearch } from './vector-search.js';
import { benchVectorSearchExtension } from './vector-search-extension.js';
import { writeReport } from './report.js';

const benches = {
  'proxy-overhead': benchProxyOverhead,
  'cache-latency': benchCacheLatency,
  'extension-latency': benchExtensionLatency,
  embedding: benchEmbedding,
  'flood-fairness': benchFloodFairness,
  'vector-search': benchVectorSearch,
  'vector-search-extension': benchVectorSearchExtension,
  'guard-verifier': benchGuardVerifier,
  load: benchLoad,
  'prompt-cache': benchPromptCache,
  'team-sync': benchTeamSync,
  consensus: benchConsensus,
};

for (const [name, run] of Object.entries(benches)) {
  console.log(`\n== ${name}`);
  const { file } = await run();
  console.log(`saved ${file}`);
}
await writeReport();
