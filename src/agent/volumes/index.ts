// Pod volumes on the host: emptyDir, configMap, secret (tmpfs only), downwardAPI, hostPath, persistentVolumeClaim.
export { setupPodVolumes } from './setup';
export { containerMounts } from './mounts';
export { resolvePodMounts } from './resolve';
export { cleanupPodVolumes, podUidsWithVolumes } from './cleanup';
export { configMapFiles, secretFiles, downwardApiFiles, DEFAULT_MODE } from './payload';
export { writeProjectedFiles } from './atomic-writer';
export { emptyDirPath, configMapPath, secretPath, downwardApiPath, podVolumesDir, podSecretsDir } from './paths';
export { VolumeError, type Mount, type ResolvedVolume, type VolumeContext, type VolumeKind, type VolumePaths, type ProjectedFile } from './types';
