// Writing a file on a host over SFTP, atomically: into a temp file beside the target, chmod, then rename over it
// (posix-rename@openssh.com, which replaces like rename(2); plain SFTP rename fails if the target exists).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Client, SFTPWrapper } from 'ssh2';
import { ChannelError } from './exec';

export async function uploadFile(client: Client, content: Buffer | Readable, remotePath: string, mode: number, signal: AbortSignal): Promise<void> {
  const sftp = await openSftp(client);
  const abandon = () => sftp.end();
  signal.addEventListener('abort', abandon, { once: true });
  const dir = path.posix.dirname(remotePath);
  const temp = path.posix.join(dir, `.${path.posix.basename(remotePath)}.berth-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdirs(sftp, dir);
    await write(sftp, temp, content, mode);
    await call((cb) => sftp.chmod(temp, mode, cb)); // the remote umask narrowed the open mode
    await rename(sftp, temp, remotePath);
  } catch (err) {
    if (!signal.aborted) await call((cb) => sftp.unlink(temp, cb)).catch(() => undefined);
    throw new ChannelError(`${(err as Error).message} (${remotePath})`);
  } finally {
    signal.removeEventListener('abort', abandon);
    sftp.end();
  }
}

function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((err, sftp) => (err ? reject(new ChannelError(err.message)) : resolve(sftp))));
}

function call(fn: (cb: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

async function mkdirs(sftp: SFTPWrapper, dir: string): Promise<void> {
  const exists = await new Promise<boolean>((resolve) => sftp.stat(dir, (err) => resolve(!err)));
  if (exists) return;
  const parent = path.posix.dirname(dir);
  if (parent !== dir) await mkdirs(sftp, parent);
  await call((cb) => sftp.mkdir(dir, cb)).catch(async (err) => {
    // another upload may have made it meanwhile
    const now = await new Promise<boolean>((resolve) => sftp.stat(dir, (e) => resolve(!e)));
    if (!now) throw err;
  });
}

function write(sftp: SFTPWrapper, file: string, content: Buffer | Readable, mode: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = sftp.createWriteStream(file, { mode, flags: 'wx' });
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    out.on('close', resolve).on('error', reject);
    source.on('error', (err) => {
      out.destroy();
      reject(err);
    });
    source.pipe(out);
  });
}

async function rename(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  try {
    await call((cb) => sftp.ext_openssh_rename(from, to, cb));
  } catch (err) {
    if (!/does not support/i.test((err as Error).message)) throw err;
    // Not OpenSSH: unlink first, so there is a moment without the file; still never a half-written one.
    await call((cb) => sftp.unlink(to, cb)).catch(() => undefined);
    await call((cb) => sftp.rename(from, to, cb));
  }
}
