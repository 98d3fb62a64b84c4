// How the controller proves who it is to a host: the inventory's identityFile, else the user's ssh-agent.
import fs from 'node:fs/promises';
import ssh2 from 'ssh2';
import { HostIdentityError } from './errors';
import type { SshTarget } from './target';

export type Identity = { privateKey: Buffer } | { agent: string };

const WHERE = '(hosts.yaml: identityFile of the host or of defaults)';

export async function loadIdentity(target: SshTarget, env: NodeJS.ProcessEnv = process.env): Promise<Identity> {
  const file = target.identityFile;
  if (file === undefined) {
    const agent = env.SSH_AUTH_SOCK;
    if (agent) return { agent };
    throw new HostIdentityError(target.host, `no identityFile is set ${WHERE} and no ssh-agent is running (SSH_AUTH_SOCK is not set)`, { field: 'identityFile' });
  }
  let privateKey: Buffer;
  try {
    privateKey = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code})`;
    throw new HostIdentityError(target.host, `identityFile ${file} ${why} ${WHERE}`, { field: 'identityFile', path: file });
  }
  const parsed = ssh2.utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error) {
    const encrypted = /passphrase|encrypted/i.test(key.message);
    throw new HostIdentityError(
      target.host,
      encrypted
        ? `identityFile ${file} is protected by a passphrase: load it into ssh-agent and leave identityFile unset ${WHERE}`
        : `identityFile ${file} is not a private key berth can read (${key.message}) ${WHERE}`,
      { field: 'identityFile', path: file },
    );
  }
  if (!key.isPrivateKey()) {
    throw new HostIdentityError(target.host, `identityFile ${file} is a public key; name the private key, without .pub ${WHERE}`, { field: 'identityFile', path: file });
  }
  return { privateKey };
}
