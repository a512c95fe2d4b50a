import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** shared/ sits beside the project's root (CI has it there too); tests that read it skip when it is absent. */
export const SHARED_DIR = resolve(process.env.SLUICE_SHARED_DIR ?? join(import.meta.dirname, '../../../shared'));
export const HAS_SHARED = existsSync(join(SHARED_DIR, 'upstreams'));
export const RECORDED_DIR = join(SHARED_DIR, 'upstreams/recorded');
