// Whether two lists hold the very same items in the same order: how a steady pass recognises that what it is handed
// (the same pod objects from the expansion's cache and the agents' 304s) is what it already worked on.
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
