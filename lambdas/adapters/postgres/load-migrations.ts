import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byMigrationNumber, type Migration } from './migrations-runner';

/** The SQL files of the repository (locally) or of the bundle (the migrate Lambda). */
export const SOURCE_MIGRATIONS_DIR = join(__dirname, 'migrations');

export function loadMigrations(dir: string = SOURCE_MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
    .sort(byMigrationNumber);
}
