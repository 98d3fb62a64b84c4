export type { Store, StoreReader, StoreRecords, StoreUpdate } from './store';
export { FileStore } from './file-store';
export { StagedStore, applyStoreUpdates } from './staged';
export { lockState, type StateLock, type StateHolder } from './lock';
