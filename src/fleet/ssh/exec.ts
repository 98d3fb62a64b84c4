// One command over an exec channel: stdout, stderr, exit code or signal; stdin written then closed.
import { Readable } from 'node:stream';
import type { Client } from 'ssh2';
import type { CommandResult } from '../session';

export class ChannelError extends Error {}

export function runExec(client: Client, command: string, stdin: string | Buffer | Readable | undefined, signal: AbortSignal): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(new ChannelError(err.message));
      const abandon = () => stream.close();
      if (signal.aborted) return abandon();
      signal.addEventListener('abort', abandon, { once: true });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let exit: { code: number | null; signal?: string } | undefined;
      stream.on('data', (chunk: Buffer) => stdout.push(chunk));
      stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      stream.on('exit', (code: number | null, sig?: string) => {
        exit = code === null || code === undefined ? { code: null, ...(sig ? { signal: sig } : {}) } : { code };
      });
      stream.on('error', (e: Error) => reject(new ChannelError(e.message)));
      stream.on('close', () => {
        signal.removeEventListener('abort', abandon);
        if (!exit) return reject(new ChannelError('the channel closed without an exit status (the connection dropped?)'));
        resolve({ ...exit, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
      });
      if (stdin === undefined) stream.end();
      else if (stdin instanceof Readable) stdin.on('error', () => stream.close()).pipe(stream);
      else stream.end(stdin);
    });
  });
}

/** A command shortened for messages. */
export function describeCommand(command: string): string {
  const oneLine = command.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** Single-quotes a word for sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
