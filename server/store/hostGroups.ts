// Host groups in the store: list, get, create, replace, update (partial), remove. Members are kept as written.
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from '../../shared/clock.js';
import { GroupInputSchema, GroupPatchSchema, type GroupInput, type GroupPatch } from '../../shared/groups.js';
import { parseTypedTarget } from '../ssh/target.js';
import { isPattern } from '../groups/hostPatterns.js';
import { InvalidInputError, NameTakenError } from './errors.js';
import { schemaProblem } from './savedSessionRules.js';

/** A group as stored, before its members are expanded. */
export interface StoredGroup {
  id: string;
  name: string;
  members: string[];
  createdAt: number;
  updatedAt: number;
}

interface GroupRow {
  id: string;
  name: string;
  members: string;
  created_at: number;
  updated_at: number;
}

function fromRow(row: GroupRow): StoredGroup {
  return { id: row.id, name: row.name, members: JSON.parse(row.members) as string[], createdAt: row.created_at, updatedAt: row.updated_at };
}

export class HostGroups {
  private readonly selectAll: Statement<[], GroupRow>;
  private readonly selectOne: Statement<[string], GroupRow>;
  private readonly selectNameOwner: Statement<[string, string], { id: string }>;
  private readonly selectSavedName: Statement<[string], { id: string }>;
  private readonly insert: Statement;
  private readonly updateRow: Statement;
  private readonly deleteRow: Statement<[string]>;

  constructor(
    private readonly db: Database,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly newId: () => string,
  ) {
    this.selectAll = db.prepare('SELECT * FROM host_groups ORDER BY name COLLATE NOCASE, id');
    this.selectOne = db.prepare('SELECT * FROM host_groups WHERE id = ?');
    this.selectNameOwner = db.prepare('SELECT id FROM host_groups WHERE name = ? COLLATE NOCASE AND id <> ?');
    this.selectSavedName = db.prepare('SELECT id FROM saved_sessions WHERE name = ? COLLATE NOCASE');
    this.insert = db.prepare('INSERT INTO host_groups (id, name, members, created_at, updated_at) VALUES (@id, @name, @members, @now, @now)');
    this.updateRow = db.prepare('UPDATE host_groups SET name = @name, members = @members, updated_at = @now WHERE id = @id');
    this.deleteRow = db.prepare('DELETE FROM host_groups WHERE id = ?');
  }

  list(): StoredGroup[] {
    return this.selectAll.all().map(fromRow);
  }

  get(id: string): StoredGroup | undefined {
    const row = this.selectOne.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Throws InvalidInputError or NameTakenError. */
  create(input: GroupInput): StoredGroup {
    const problem = schemaProblem(GroupInputSchema, input);
    if (problem) throw new InvalidInputError(problem);
    return this.db
      .transaction(() => {
        const fields = this.checked(input);
        const id = this.newId();
        this.assertNameFree(fields.name, id);
        this.insert.run({ id, name: fields.name, members: JSON.stringify(fields.members), now: this.clock.now() });
        return this.get(id)!;
      })
      .immediate();
  }

  /** Undefined for an unknown id. */
  replace(id: string, input: GroupInput): StoredGroup | undefined {
    const problem = schemaProblem(GroupInputSchema, input);
    if (problem) throw new InvalidInputError(problem);
    return this.write(id, () => input);
  }

  /** Undefined for an unknown id. */
  update(id: string, patch: GroupPatch): StoredGroup | undefined {
    const problem = schemaProblem(GroupPatchSchema, patch);
    if (problem) throw new InvalidInputError(problem);
    return this.write(id, (existing) => ({ name: patch.name ?? existing.name, members: patch.members ?? existing.members }));
  }

  remove(id: string): boolean {
    return this.deleteRow.run(id).changes > 0;
  }

  private write(id: string, change: (existing: StoredGroup) => GroupInput): StoredGroup | undefined {
    return this.db
      .transaction(() => {
        const existing = this.get(id);
        if (!existing) return undefined;
        const fields = this.checked(change(existing));
        this.assertNameFree(fields.name, id);
        this.updateRow.run({ id, name: fields.name, members: JSON.stringify(fields.members), now: this.clock.now() });
        return this.get(id)!;
      })
      .immediate();
  }

  /** Trimmed, each member once, and each one something ssh can reach: a saved session, a pattern, or a target. */
  private checked(input: GroupInput): GroupInput {
    const name = input.name.trim();
    if (!name) throw new InvalidInputError('name must not be blank');
    const members: string[] = [];
    for (const [index, raw] of input.members.entries()) {
      const member = raw.trim();
      if (!member) throw new InvalidInputError(`members.${index} must not be blank`);
      if (members.some((m) => m.toLowerCase() === member.toLowerCase())) continue;
      if (!isPattern(member) && !this.selectSavedName.get(member)) {
        try {
          parseTypedTarget(member);
        } catch (error) {
          throw new InvalidInputError(`members.${index} (${member}): ${(error as Error).message}`);
        }
      }
      members.push(member);
    }
    return { name, members };
  }

  private assertNameFree(name: string, id: string): void {
    if (this.selectNameOwner.get(name, id)) throw new NameTakenError(`A group named "${name}" already exists; pick another name.`);
  }
}
