import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { deploymentRolloutStatus, RolloutFailedError } from '../../../src/cli/rollout-status';

function deployment(status: Deployment['status'], generation = 2, replicas = 3): Deployment {
  return { metadata: { name: 'web', generation }, spec: { replicas, selector: {}, template: {} }, status };
}

describe('rollout status reads a Deployment as kubectl DeploymentStatusViewer does', () => {
  it.each([
    ['the controller has not seen the new spec', deployment({ observedGeneration: 1 }), false, 'Waiting for deployment spec update to be observed...'],
    ['new replicas are still being made', deployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 1 }), false, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'],
    ['old replicas are still stopping', deployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 3 }), false, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...'],
    ['updated replicas are not all available', deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }), false, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...'],
    ['everything is updated and available', deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), true, 'deployment "web" successfully rolled out'],
    ['no generation is known (observed as soon as seen)', deployment({ replicas: 1, updatedReplicas: 1, availableReplicas: 1 }, 0, 1), true, 'deployment "web" successfully rolled out'],
  ])('%s', (_name, d, done, message) => {
    expect(deploymentRolloutStatus(d)).toEqual({ done, message });
  });

  it.each([
    ['ProgressDeadlineExceeded', 'ReplicaSet "web-5d8f" has timed out progressing.', 'deployment "web" exceeded its progress deadline: ReplicaSet "web-5d8f" has timed out progressing.'],
    ['RolledBack', 'rolled back to revision 1: new pods crash-looping', 'deployment "web" was rolled back: rolled back to revision 1: new pods crash-looping'],
  ])('fails when the Progressing reason is %s', (reason, message, error) => {
    const d = deployment({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason, message }] });
    expect(() => deploymentRolloutStatus(d)).toThrow(RolloutFailedError);
    expect(() => deploymentRolloutStatus(d)).toThrow(error);
  });

  it('keeps failing once the rollback has finished, while git\'s template is held back (the RolledBack condition)', () => {
    const d = deployment({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-5d8f" has successfully progressed.' },
        { type: 'RolledBack', status: 'True', reason: 'ImagePullBackOff', message: 'git\'s template (pod-template-hash 7c9) is rolled back to replica set web-5d8f: container app of pod web-7c9-x1: ImagePullBackOff: Back-off pulling image "web:nope"' },
      ],
    });
    expect(() => deploymentRolloutStatus(d)).toThrow(RolloutFailedError);
    expect(() => deploymentRolloutStatus(d)).toThrow(/^deployment "web" was rolled back: git's template .*ImagePullBackOff: Back-off pulling image "web:nope"$/);
  });

  it('reports a `rollout undo` that has finished as done: it was a choice, not a failure', () => {
    const d = deployment({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: [{ type: 'RolledBack', status: 'True', reason: 'RolloutUndo', message: 'rolled back: rollout undo' }],
    });
    expect(deploymentRolloutStatus(d)).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
  });
});
