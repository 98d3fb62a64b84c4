// The source module: where manifests come from — git objects at a commit, or a folder on disk.
export { openRepo, resolveCommit, GitError, type Repo } from './repo';
export { readCommit, readWorkTree, type CommitFiles } from './read';
export { commitFile, type FileCommit } from './commit';
export { createRepoFromTemplate, commitAuthor, type TemplateRepo } from './template';
