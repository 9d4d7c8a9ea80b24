// Test projects: unit tests beside the code, integration against a real sshd, end-to-end in real Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    // Two files at once, not vitest's default of one per core but one (on 2 cores: one): integration files spend most
    // of their time waiting on a far link, a host's timer or a shell, so two share the machine well. The end-to-end
    // project keeps one file at a time (fileParallelism: false), as Chromium is the heaviest thing we run.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{client,server,shared}/**/*.test.ts'],
          // A feature's browser tests may sit beside it; they run with the other end-to-end tests.
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['./test/support/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'client/**/*.e2e.test.ts'],
          globalSetup: ['./test/support/globalSetup.ts', './test/support/buildOnce.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: two cores, and Chromium is the heaviest thing we run.
          fileParallelism: false,
        },
      },
    ],
  },
});
