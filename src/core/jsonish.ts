import { z } from 'zod';

/** Accepts a JSON string (from `--set key=value`) or the value itself (from packs and the API). */
export const jsonish = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, schema);
