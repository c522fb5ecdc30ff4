import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBlobStore } from '../../lambdas/adapters/local/file-blob-store';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { erasingLocalCopies } from '../../lambdas/local/erase-local-copies';

describe('erasing a person on the local stack', () => {
  it('removes their stored objects and every drop-folder copy, and nobody else’s', async () => {
    const home = mkdtempSync(join(tmpdir(), 'smart-spend-erase-'));
    const objects = new FileBlobStore(join(home, 'objects'), () => {
      throw new Error('not used');
    });
    const person = randomUUID();
    const other = randomUUID();
    await objects.write(uploadObjectKey(person, randomUUID(), 'march.csv'), Buffer.from('a'));
    await objects.write(uploadObjectKey(other, randomUUID(), 'march.csv'), Buffer.from('b'));
    for (const folder of [
      join(home, 'drop', '.imported', person),
      join(home, 'drop', person, 'savings'),
      join(home, 'drop', '.imported', other),
    ]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${randomUUID()}-march.csv`), 'x');
    }

    const erased = await erasingLocalCopies(objects, join(home, 'drop')).deletePrefix(`uploads/${person}/`);

    expect(erased).toBe(3);
    expect(existsSync(join(home, 'drop', '.imported', person))).toBe(false);
    expect(existsSync(join(home, 'drop', person))).toBe(false);
    expect(existsSync(join(home, 'objects', 'uploads', person))).toBe(false);
    expect(existsSync(join(home, 'drop', '.imported', other))).toBe(true);
    expect(existsSync(join(home, 'objects', 'uploads', other))).toBe(true);
  });
});
