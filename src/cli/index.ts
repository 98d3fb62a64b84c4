// The CLI module: `berth` commands. Thin: parse arguments, call the modules, print.
export { run, buildProgram } from './main';
export { EXIT_OK, EXIT_FAILED, EXIT_USAGE } from './exit-codes';
export type { Io } from './output';
