// Vitest global setup for browser tests: builds the app once per run (skip with LONGHAUL_SKIP_BUILD=1).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export default function setup(): void {
  if (process.env.LONGHAUL_SKIP_BUILD === '1') return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run npm run build: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.signal ?? `exit code ${result.status}`}); see its output above.`);
  }
}
