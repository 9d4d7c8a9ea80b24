// Child process for the SIGKILL test: opens the store and writes in a loop, printing what each commit made.
// Usage: node --import tsx storeWriter.ts FILE ROUND
// Prints `saved <id> <name>` and `closed <id>` only after the write has committed; stdout to a pipe is
// synchronous on Linux, so a line the parent read was committed before the process could be killed.
import { openStore } from '../../server/store/store.js';

const [file, round] = process.argv.slice(2);
if (!file || !round) throw new Error('usage: storeWriter.ts FILE ROUND');

const store = openStore({ file });
process.stdout.write('ready\n');

// Big closed-session entries make long WAL writes (and checkpoints) for the kill to land in.
const scrollback = `\x1b[32m${'x'.repeat(120)}\x1b[0m\r\n`.repeat(2_000);

for (let i = 0; ; i++) {
  const name = `r${round}-${i}`;
  const saved = store.savedSessions.create({ name, target: 'de1', label: `${i % 1000}`, commandOnConnect: `echo ${name}` });
  process.stdout.write(`saved ${saved.id} ${name}\n`);
  if (i % 3 === 0) store.savedSessions.update(saved.id, { halfDuplex: true, color: 'blue' });
  if (i % 5 === 0) {
    const closed = store.closedSessions.add({ target: 'de1', savedSessionId: saved.id, closedAt: Date.now(), scrollback });
    process.stdout.write(`closed ${closed.id}\n`);
  }
  store.lineHistory.append('de1', `echo ${name}`);
}
