// A host's environment as its SSH sessions see it: what sshd sets (its SetEnv included) for the host's user.

/** NUL-separated where env supports -0 (GNU, busybox), so values may hold newlines; else one variable a line. */
export const ENV_COMMAND = 'env -0 2>/dev/null || env';

export function parseEnv(output: string): Record<string, string> {
  const env: Record<string, string> = {};
  const items = output.includes('\0') ? output.split('\0') : output.split('\n');
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}
