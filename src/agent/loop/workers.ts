// What the pod loop's helpers (replacement, sandbox change, probe kill) get of the loop: its memory and its background
// tasks, not the loop itself, so that they never import it.
import type { PodBook } from './book';
import type { KeyedTasks } from './queue';

export interface PodWorkers {
  readonly book: PodBook;
  readonly tasks: KeyedTasks;
}
