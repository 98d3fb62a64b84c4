// The exit codes of every berth command, in one place so that commands need not import the program that runs them.

/** Exit codes: 0 fine, 1 invalid input or differences found, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
