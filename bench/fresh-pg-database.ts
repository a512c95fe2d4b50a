import { openDatabase } from '../src/store/database.js';

/** A throwaway database on the PostgreSQL server at `base`, dropped by `drop()`. */
export async function freshPgDatabase(base: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = await openDatabase({ url: base, poolSize: 1 });
  await admin.exec(`create database ${name}`);
  await admin.close();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = await openDatabase({ url: base, poolSize: 1 });
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}
