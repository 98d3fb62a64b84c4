// The agent's state: the desired set on disk (atomic writes), secrets only on a tmpfs.
export { DesiredStore, EMPTY_DESIRED_SET, desiredFiles, secretsDir, type StatePaths } from './desired';
export type { DesiredSet } from './desired-set';
export { parseDesiredSet, formatIssues, type DesiredSetIssue, type DesiredSetParse } from './validate';
export { ensureTmpfs, unmountTmpfs, isTmpfs, isMountPoint, TMPFS_MAGIC, type TmpfsOptions } from './tmpfs';
export { GenerationConflictError, StateFolderFullError, TmpfsUnavailableError } from './errors';
export { REASON_STATE_FOLDER_FULL, isNoSpace, StateDisk, type StateDiskStatus } from './disk';
