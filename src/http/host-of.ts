/** The host (with port) of a URL, or the text itself when it is not a URL: names an upstream in messages and limits. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
