// The scheduling queue, ordered like kube-scheduler's PrioritySort: higher priority first, and among equal
// priorities first in, first out. Pods put back during the pass (preemption victims) join the end of their level.
import type { PodInfo } from './podinfo';

interface Level {
  readonly priority: number;
  readonly pods: PodInfo[];
  next: number;
}

export class SchedulingQueue {
  /** Sorted by priority, highest first. Few levels in practice: a linear search to insert is enough. */
  private readonly levels: Level[] = [];
  private current = 0;

  constructor(pods: readonly PodInfo[] = []) {
    for (const p of pods) this.add(p);
  }

  add(pod: PodInfo): void {
    const priority = pod.group.priority;
    let i = this.levels.length;
    while (i > 0 && this.levels[i - 1].priority < priority) i--;
    const level = this.levels[i - 1];
    if (level && level.priority === priority) i--;
    else this.levels.splice(i, 0, { priority, pods: [], next: 0 });
    this.levels[i].pods.push(pod);
    // Levels before `current` are done; a pod added to one of them (or above) is next.
    if (i < this.current) this.current = i;
  }

  /** The next pod to schedule, or undefined when the queue is empty. */
  pop(): PodInfo | undefined {
    while (this.current < this.levels.length) {
      const level = this.levels[this.current];
      if (level.next < level.pods.length) return level.pods[level.next++];
      this.current++;
    }
    return undefined;
  }
}
