/** One day in milliseconds (UTC days: no daylight-saving shifts apply). */
export const DAY_MS = 86_400_000;
