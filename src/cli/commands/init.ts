import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { createRepoFromTemplate } from '../../source';
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
      const { commit, files } = await createRepoFromTemplate({ template, dir: target, message: INIT_COMMIT_MESSAGE });
      io.out(`Created cluster repo ${dir} (${files.length} files, commit ${commit.slice(0, 7)} on main).`);
      io.out(`Next: cd ${dir} && berth validate && berth plan`);
    });
}
