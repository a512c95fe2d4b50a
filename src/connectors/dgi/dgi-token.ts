import { createHash } from 'node:crypto';

/** DGI-API-Token = lowercase hex sha256(apiKey + secretKey + X-Request-Time), the time in Unix seconds (spec §2). */
export function dgiToken(apiKey: string, secretKey: string, unixSeconds: number): string {
  return createHash('sha256').update(`${apiKey}${secretKey}${unixSeconds}`).digest('hex');
}

/** The per-attempt headers: the token is bound to the second it was made, so it is rebuilt before every retry. */
export function dgiAuthHeaders(apiKey: string, secretKey: string, now: Date): Record<string, string> {
  const unix = Math.floor(now.getTime() / 1000);
  return {
    'X-Request-Time': String(unix),
    'DGI-API-Key': apiKey,
    'DGI-API-Token': dgiToken(apiKey, secretKey, unix),
  };
}
