export type { Store } from './store';
export { FileStore } from './file-store';
