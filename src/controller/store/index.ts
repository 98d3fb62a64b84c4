export type { Store, StoreReader, StoreRecords, StoreUpdate } from './store';
export { FileStore } from './file-store';
export { StagedStore, applyStoreUpdates } from './staged';
