import type { Pod } from 'kubernetes-types/core/v1';
import { containerMounts } from './mounts';
import { setupPodVolumes } from './setup';
import type { Mount, VolumeContext } from './types';

/** Sets up a pod's volumes and returns the Docker mounts of each of its containers (init containers too), by name. */
export async function resolvePodMounts(pod: Pod, context: VolumeContext): Promise<Record<string, Mount[]>> {
  const volumes = await setupPodVolumes(pod, context);
  const mounts: Record<string, Mount[]> = {};
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    mounts[container.name] = containerMounts(pod, container, volumes);
  }
  return mounts;
}
