// kubectl's DeploymentStatusViewer: one look at a Deployment's status → a progress line, done, or a failure.
import type { Deployment } from 'kubernetes-types/apps/v1';
import { CONDITION_ROLLED_BACK, REASON_ROLLED_BACK, REASON_TIMED_OUT } from '../controllers';
import { BerthError } from '../errors';

export class RolloutFailedError extends BerthError {
  constructor(message: string, data: { name: string; reason: string }) {
    super('RolloutFailed', message, data);
  }
}

export interface RolloutState {
  done: boolean;
  message: string;
}

/**
 * Throws RolloutFailedError when the rollout stopped: its deadline passed, or Berth rolled it back — also once the
 * rollback has finished, for as long as git's template is held back (the RolledBack condition; `rollout undo` is a
 * choice, not a failure).
 */
export function deploymentRolloutStatus(d: Deployment): RolloutState {
  const name = JSON.stringify(d.metadata?.name ?? '');
  const generation = d.metadata?.generation ?? 0;
  const status = d.status ?? {};
  if (generation > (status.observedGeneration ?? generation)) return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === REASON_TIMED_OUT) {
    throw new RolloutFailedError(`deployment ${name} exceeded its progress deadline${progressing.message ? `: ${progressing.message}` : ''}`, {
      name: d.metadata?.name ?? '',
      reason: progressing.reason,
    });
  }
  if (progressing?.reason === REASON_ROLLED_BACK) {
    throw new RolloutFailedError(`deployment ${name} was rolled back${progressing.message ? `: ${progressing.message}` : ''}`, {
      name: d.metadata?.name ?? '',
      reason: progressing.reason,
    });
  }
  const rolledBack = status.conditions?.find((c) => c.type === CONDITION_ROLLED_BACK);
  if (rolledBack?.status === 'True' && rolledBack.reason !== 'RolloutUndo') {
    throw new RolloutFailedError(`deployment ${name} was rolled back: ${rolledBack.message ?? rolledBack.reason}`, {
      name: d.metadata?.name ?? '',
      reason: rolledBack.reason ?? REASON_ROLLED_BACK,
    });
  }
  const replicas = d.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const waiting = (what: string) => ({ done: false, message: `Waiting for deployment ${name} rollout to finish: ${what}...` });
  if (updated < replicas) return waiting(`${updated} out of ${replicas} new replicas have been updated`);
  if (total > updated) return waiting(`${total - updated} old replicas are pending termination`);
  if (available < updated) return waiting(`${available} of ${updated} updated replicas are available`);
  return { done: true, message: `deployment ${name} successfully rolled out` };
}
