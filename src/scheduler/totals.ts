// Per node, the numbers every filter and score reads for every pod, in typed arrays by node index: unboxed (a
// memory size is no small integer, and V8 would box it in a heap object of its own) and side by side, so a scan
// over a thousand nodes reads a few compact arrays instead of a thousand scattered objects.
export class NodeTotals {
  // Berth: a resource the node does not declare is not yet known (the host has not reported), so it is Infinity
  // here: it limits nothing, and scoring leaves it out (LeastAllocated scores cpu and memory by pod count instead,
  // see podSlots). Kubernetes nodes always declare them.
  readonly allocatableMilliCPU: Float64Array;
  readonly allocatableMemory: Float64Array;
  readonly allocatableEphemeralStorage: Float64Array;
  readonly allowedPodNumber: Float64Array;
  readonly requestedMilliCPU: Float64Array;
  readonly requestedMemory: Float64Array;
  readonly requestedEphemeralStorage: Float64Array;
  /** With kube-scheduler's non-zero defaults for pods that request no cpu or memory (for scoring). */
  readonly nonZeroMilliCPU: Float64Array;
  readonly nonZeroMemory: Float64Array;
  readonly numPods: Int32Array;

  constructor(n: number) {
    this.allocatableMilliCPU = new Float64Array(n);
    this.allocatableMemory = new Float64Array(n);
    this.allocatableEphemeralStorage = new Float64Array(n);
    this.allowedPodNumber = new Float64Array(n);
    this.requestedMilliCPU = new Float64Array(n);
    this.requestedMemory = new Float64Array(n);
    this.requestedEphemeralStorage = new Float64Array(n);
    this.nonZeroMilliCPU = new Float64Array(n);
    this.nonZeroMemory = new Float64Array(n);
    this.numPods = new Int32Array(n);
  }
}
