// The controller module: the loop that wires source → load → expand → schedule → plan → apply → observe.
export { planPass, EMPTY_FLEET, type PassResult } from './pass';
