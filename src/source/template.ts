// A new cluster repo made from the template: `berth init` and `berth lab up` both start a cluster this way.
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';

export interface TemplateRepo {
  /** The template folder (cluster-repo-template/ of the installation). */
  template: string;
  /** The folder to create; it must not exist, or be empty. */
  dir: string;
  message: string;
  /** Files to write over the template's copy before the first commit: path in the repo → content. */
  files?: Record<string, string>;
}

/** Copies the template into `dir`, makes it a git repository on branch main, and commits every file. */
export async function createRepoFromTemplate({ template, dir, message, files = {} }: TemplateRepo): Promise<{ commit: string; files: string[] }> {
  fs.cpSync(template, dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  await git.init({ fs, dir, defaultBranch: 'main' });
  const all = listFiles(dir);
  for (const filepath of all) await git.add({ fs, dir, filepath });
  const commit = await git.commit({ fs, dir, message, author: commitAuthor() });
  return { commit, files: all };
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
