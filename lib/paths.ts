import { join, resolve } from 'node:path';

/** The repository root: NodejsFunction entries, the layer and the Fargate image context are found from here. */
export const REPO_ROOT = resolve(__dirname, '..');

export const repoPath = (...segments: string[]): string => join(REPO_ROOT, ...segments);
