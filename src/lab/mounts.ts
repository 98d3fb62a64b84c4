// Mounts left under the lab's folders (an engine's overlay or netns mounts after a crash) must go before the
// folders can: the lab's hosts share the machine's mount namespace.

/** Mount points at or under any of `roots`, deepest first, from /proc/self/mountinfo's text. */
export function mountsUnder(mountinfo: string, roots: string[]): string[] {
  const points = mountinfo
    .split('\n')
    .filter(Boolean)
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''))
    .filter((point) => roots.some((root) => point === root || point.startsWith(`${root}/`)));
  return [...new Set(points)].sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
}

/** mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040). */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
