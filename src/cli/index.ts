// The CLI module: `berth` commands. Thin: parse arguments, call the modules, print.
export { run, buildProgram, EXIT_OK, EXIT_FAILED, EXIT_USAGE } from './main';
export type { Io } from './output';
