import { BerthError } from '../../errors';

/** A desired set older than the stored one: the controller that sent it is behind (or a stale standby). */
export class GenerationConflictError extends BerthError {
  constructor(stored: number, received: number) {
    super(
      'GenerationConflict',
      `desired set generation ${received} is older than the stored generation ${stored}`,
      { stored, received },
    );
  }
}

/** The state folder has no room for the desired set: it is refused, and the set held stays current. */
export class StateFolderFullError extends BerthError {
  constructor(dir: string, reason: string) {
    super('StateFolderFull', `the agent's state folder ${dir} is full (${reason}): the new desired set is refused and the pods that run keep running; free space there`, { dir, reason });
  }
}

/** The folder that must hold secrets is not a tmpfs and none could be mounted there. */
export class TmpfsUnavailableError extends BerthError {
  constructor(dir: string, reason: string) {
    super('TmpfsUnavailable', `${dir} is not a tmpfs and mounting one failed (${reason}); secrets are never written to disk`, {
      dir,
      reason,
    });
  }
}
