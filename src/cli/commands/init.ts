import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { projectRoot, type CommandContext } from '../context';

export const INIT_COMMIT_MESSAGE = 'Initial cluster repo from berth init';

export function registerInit(program: Command, { io }: CommandContext): void {
  program
    .command('init')
    .description('create a new cluster repo from the template, as a git repository with a first commit')
    .argument('<dir>', 'folder to create (must not exist, or be empty)')
    .action(async (dir: string) => {
      const target = path.resolve(dir);
      if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
        throw new UsageError(`${dir} already exists and is not empty; choose a new folder`);
      }
      const template = path.join(projectRoot(), 'cluster-repo-template');
      fs.cpSync(template, target, { recursive: true });
      await git.init({ fs, dir: target, defaultBranch: 'main' });
      const files = listFiles(target);
      for (const filepath of files) await git.add({ fs, dir: target, filepath });
      const commit = await git.commit({ fs, dir: target, message: INIT_COMMIT_MESSAGE, author: commitAuthor() });
      io.out(`Created cluster repo ${dir} (${files.length} files, commit ${commit.slice(0, 7)} on main).`);
      io.out(`Next: cd ${dir} && berth validate && berth plan`);
    });
}

function listFiles(root: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .filter((e) => e.name !== '.git')
    .flatMap((e) => {
      const p = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? listFiles(root, p) : [p];
    })
    .sort();
}

/** The author of commits Berth makes for a person: git's own environment variables, else a clear placeholder. */
export function commitAuthor(): { name: string; email: string } {
  return {
    name: process.env.GIT_AUTHOR_NAME || process.env.GIT_COMMITTER_NAME || 'berth',
    email: process.env.GIT_AUTHOR_EMAIL || process.env.GIT_COMMITTER_EMAIL || 'berth@localhost',
  };
}
