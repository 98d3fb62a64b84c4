import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { INVENTORY_FILE } from '../../manifest';
import { readFleetConfig } from '../inventory-input';
import { UsageError } from '../../errors';
import {
  HostKeyChangedError,
  HostKeyRevokedError,
  fetchHostKey,
  fingerprint,
  keyType,
  readKnownHosts,
  recordHostKey,
  sshTarget,
  verifyHostKey,
} from '../../fleet';
import type { CommandContext } from '../context';
import { EXIT_FAILED } from '../exit-codes';

interface TrustFlags {
  repo: string;
  yes?: boolean;
  replace?: boolean;
}

/**
 * `berth hosts trust NAME`: the only way a host key becomes trusted. It shows the key the host presents and records
 * it in the inventory's known_hosts once a person has confirmed it (ssh's first-connection prompt, made explicit).
 */
export function registerHostsTrust(hosts: Command, ctx: CommandContext): void {
  hosts
    .command('trust')
    .description("show a host's SSH host key fingerprint and record the key in the inventory's known_hosts")
    .argument('<name>', 'the host, as named in hosts.yaml')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('-y, --yes', 'record without asking (compare the fingerprint with the host first)')
    .option('--replace', "replace the host's recorded key, after a reinstall; without it a changed key is refused")
    .action((name: string, flags: TrustFlags) => trust(ctx, name, flags));
}

async function trust({ io, setExit }: CommandContext, name: string, flags: TrustFlags): Promise<void> {
  const repoRoot = path.resolve(flags.repo);
  const { inventory: { object: inventory } } = await readFleetConfig(io, repoRoot);
  const host = inventory.hosts.find((h) => h.name === name);
  if (!host) throw new UsageError(`host ${name} is not in ${INVENTORY_FILE} (it has: ${inventory.hosts.map((h) => h.name).join(', ') || 'no hosts'})`);
  const target = sshTarget(host, repoRoot);
  const key = await fetchHostKey(target);
  const file = shown(repoRoot, target.knownHosts);
  io.out(`host ${name} (${target.address}:${target.port}) presents ${keyType(key)} ${fingerprint(key)}`);

  const known = await readKnownHosts(target.knownHosts);
  for (const w of known.warnings) io.err(`warning: ${file} line ${w.line}: ${w.message}`);
  const check = verifyHostKey(known, target.address, target.port, key);
  if (check.status === 'match') return io.out(`already trusted (${file} line ${check.entry.line}); nothing changed`);
  if (check.status === 'revoked') throw new HostKeyRevokedError(target, key, file, check.entry);
  if (check.status === 'changed' && !flags.replace) throw new HostKeyChangedError(target, key, file, check.known);

  if (!flags.yes) {
    const again = `berth hosts trust ${name} --repo ${flags.repo}${flags.replace ? ' --replace' : ''} --yes`;
    if (!process.stdin.isTTY) {
      io.err(`not recorded: compare the fingerprint with the host's (ssh-keygen -lf /etc/ssh/ssh_host_${shortType(key)}_key.pub on ${name}), then run: ${again}`);
      return setExit(EXIT_FAILED);
    }
    if (!(await confirm(`Trust this key for ${name} and record it in ${file}${check.status === 'changed' ? ', replacing the old one' : ''}? [y/N] `))) {
      io.err('not recorded; nothing changed');
      return setExit(EXIT_FAILED);
    }
  }
  const { removed } = await recordHostKey(target.knownHosts, { host: target.address, port: target.port, key, comment: name, replace: flags.replace });
  io.out(`recorded in ${file}${removed ? ` (replacing ${removed} old entr${removed === 1 ? 'y' : 'ies'})` : ''}: ${name} is trusted`);
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** The path as people see it: relative to the repo when inside it. */
function shown(repoRoot: string, file: string): string {
  const rel = path.relative(repoRoot, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** The file name part OpenSSH uses for a key type: ssh_host_ed25519_key, ssh_host_ecdsa_key, ssh_host_rsa_key. */
function shortType(key: Buffer): string {
  const type = keyType(key);
  return type === 'ssh-ed25519' ? 'ed25519' : type.startsWith('ecdsa') ? 'ecdsa' : type === 'ssh-rsa' ? 'rsa' : '*';
}
