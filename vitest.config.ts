import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,companion,extension,tests}/**/*.test.ts'],
    testTimeout: 20_000,
    // One file at a time: the browser tests each run Chromium, a simulator and a companion, and two
    // of them on two cores make timings (the fairness test's) and timeouts flaky.
    fileParallelism: false,
    hookTimeout: 30_000,
  },
});
