// Saved sessions in the store: list, get, create, replace, update (partial), rename, remove.
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from '../../shared/clock.js';
import { SavedSessionPatchSchema, type SavedSession, type SavedSessionInput, type SavedSessionPatch } from '../../shared/savedSessions.js';
import { InvalidInputError, NameTakenError } from './errors.js';
import {
  inputProblem,
  leastUsedColor,
  normalize,
  savedSessionProblem,
  schemaProblem,
  withDefaults,
  type SavedSessionFields,
} from './savedSessionRules.js';


interface SavedSessionRow {
  id: string;
  name: string;
  target: string;
  auth: SavedSession['auth'];
  key_file: string | null;
  predictive_echo: SavedSession['predictiveEcho'];
  half_duplex: number;
  keep_connected: number;
  durable: SavedSession['durable'];
  keep_running_when_closed: number;
  shell_integration: number;
  color: string;
  label: string | null;
  command_on_connect: string | null;
  jump_host: string | null;
  simulated_rtt_ms: number | null;
  created_at: number;
  updated_at: number;
}

function fromRow(row: SavedSessionRow): SavedSession {
  const session: SavedSession = {
    id: row.id,
    name: row.name,
    target: row.target,
    auth: row.auth,
    predictiveEcho: row.predictive_echo,
    halfDuplex: row.half_duplex === 1,
    keepConnected: row.keep_connected === 1,
    durable: row.durable,
    keepRunningWhenClosed: row.keep_running_when_closed === 1,
    shellIntegration: row.shell_integration === 1,
    color: row.color,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.key_file !== null) session.keyFile = row.key_file;
  if (row.label !== null) session.label = row.label;
  if (row.command_on_connect !== null) session.commandOnConnect = row.command_on_connect;
  if (row.jump_host !== null) session.jumpHost = row.jump_host;
  if (row.simulated_rtt_ms !== null) session.simulatedRttMs = row.simulated_rtt_ms;
  return session;
}

function toParams(fields: SavedSessionFields) {
  return {
    name: fields.name,
    target: fields.target,
    auth: fields.auth,
    key_file: fields.keyFile ?? null,
    predictive_echo: fields.predictiveEcho,
    half_duplex: fields.halfDuplex ? 1 : 0,
    keep_connected: fields.keepConnected ? 1 : 0,
    durable: fields.durable,
    keep_running_when_closed: fields.keepRunningWhenClosed ? 1 : 0,
    shell_integration: fields.shellIntegration ? 1 : 0,
    color: fields.color,
    label: fields.label ?? null,
    command_on_connect: fields.commandOnConnect ?? null,
    jump_host: fields.jumpHost ?? null,
    simulated_rtt_ms: fields.simulatedRttMs ?? null,
  };
}

function fieldsOf(session: SavedSession): SavedSessionFields {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = session;
  return fields;
}

const OPTIONAL_FIELDS = ['keyFile', 'label', 'commandOnConnect', 'jumpHost', 'simulatedRttMs'] as const;

export class SavedSessions {
  private readonly selectAll: Statement<[], SavedSessionRow>;
  private readonly selectOne: Statement<[string], SavedSessionRow>;
  private readonly selectNameOwner: Statement<[string, string], { id: string }>;
  private readonly selectColors: Statement<[], { color: string }>;
  private readonly insert: Statement;
  private readonly updateRow: Statement;
  private readonly deleteRow: Statement<[string]>;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly newId: () => string,
  ) {
    this.selectAll = db.prepare('SELECT * FROM saved_sessions ORDER BY name COLLATE NOCASE, id');
    this.selectOne = db.prepare('SELECT * FROM saved_sessions WHERE id = ?');
    this.selectNameOwner = db.prepare('SELECT id FROM saved_sessions WHERE name = ? COLLATE NOCASE AND id <> ?');
    this.selectColors = db.prepare('SELECT color FROM saved_sessions');
    this.insert = db.prepare(`
      INSERT INTO saved_sessions (id, name, target, auth, key_file, predictive_echo, half_duplex, keep_connected, durable,
                                  keep_running_when_closed, shell_integration, color, label, command_on_connect, jump_host,
                                  simulated_rtt_ms, created_at, updated_at)
      VALUES (@id, @name, @target, @auth, @key_file, @predictive_echo, @half_duplex, @keep_connected, @durable,
              @keep_running_when_closed, @shell_integration, @color, @label, @command_on_connect, @jump_host, @simulated_rtt_ms, @now, @now)`);
    this.updateRow = db.prepare(`
      UPDATE saved_sessions SET name = @name, target = @target, auth = @auth, key_file = @key_file,
        predictive_echo = @predictive_echo, half_duplex = @half_duplex, keep_connected = @keep_connected,
        durable = @durable, keep_running_when_closed = @keep_running_when_closed, shell_integration = @shell_integration,
        color = @color, label = @label,
        command_on_connect = @command_on_connect, jump_host = @jump_host, simulated_rtt_ms = @simulated_rtt_ms,
        updated_at = @now
      WHERE id = @id`);
    this.deleteRow = db.prepare('DELETE FROM saved_sessions WHERE id = ?');
  }

  /** Told after every change (create, replace, update, remove), for what follows saved sessions (kept connections). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Every saved session, by name. */
  list(): SavedSession[] {
    return this.selectAll.all().map(fromRow);
  }

  get(id: string): SavedSession | undefined {
    const row = this.selectOne.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Save a new session. Throws InvalidInputError or NameTakenError. */
  create(input: SavedSessionInput): SavedSession {
    const problem = inputProblem(input);
    if (problem) throw new InvalidInputError(problem);
    const created = this.db
      .transaction(() => {
        const fields = this.checked(withDefaults(input, leastUsedColor(this.selectColors.all().map((r) => r.color))));
        const id = this.newId();
        this.assertNameFree(fields.name, id);
        this.insert.run({ ...toParams(fields), id, now: this.clock.now() });
        return this.get(id)!;
      })
      .immediate();
    this.changed();
    return created;
  }

  /** Replace every field (PUT); a colour left out keeps the one it had. Undefined for an unknown id. */
  replace(id: string, input: SavedSessionInput): SavedSession | undefined {
    const problem = inputProblem(input);
    if (problem) throw new InvalidInputError(problem);
    return this.write(id, (existing) => withDefaults(input, existing.color));
  }

  /** Change only the fields given (PATCH); null clears an optional field. Undefined for an unknown id. */
  update(id: string, patch: SavedSessionPatch): SavedSession | undefined {
    const problem = schemaProblem(SavedSessionPatchSchema, patch);
    if (problem) throw new InvalidInputError(problem);
    return this.write(id, (existing) => {
      const fields: SavedSessionFields = { ...existing };
      for (const [key, value] of Object.entries(patch) as [keyof SavedSessionPatch, unknown][]) {
        if (value === undefined) continue;
        if (value === null) delete fields[key as (typeof OPTIONAL_FIELDS)[number]];
        else (fields as unknown as Record<string, unknown>)[key] = value;
      }
      // Switching away from key-file auth forgets the key file, unless the request also names one (then it is refused).
      if (patch.auth !== undefined && patch.auth !== 'key-file' && patch.keyFile === undefined) delete fields.keyFile;
      return fields;
    });
  }

  rename(id: string, name: string): SavedSession | undefined {
    return this.update(id, { name });
  }

  /** Forget a saved session; its closed-session history stays, no longer linked. False for an unknown id. */
  remove(id: string): boolean {
    const removed = this.deleteRow.run(id).changes > 0;
    if (removed) this.changed();
    return removed;
  }

  private write(id: string, change: (existing: SavedSessionFields) => SavedSessionFields): SavedSession | undefined {
    const written = this.db
      .transaction(() => {
        const existing = this.get(id);
        if (!existing) return undefined;
        const fields = this.checked(change(fieldsOf(existing)));
        this.assertNameFree(fields.name, id);
        this.updateRow.run({ ...toParams(fields), id, now: this.clock.now() });
        return this.get(id)!;
      })
      .immediate();
    if (written) this.changed();
    return written;
  }

  private checked(fields: SavedSessionFields): SavedSessionFields {
    const normalized = normalize(fields);
    const problem = savedSessionProblem(normalized);
    if (problem) throw new InvalidInputError(problem);
    return normalized;
  }

  private assertNameFree(name: string, id: string): void {
    if (this.selectNameOwner.get(name, id)) {
      throw new NameTakenError(`A saved session named "${name}" already exists; pick another name.`);
    }
  }
}
