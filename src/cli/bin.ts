// The executable's entry: run the CLI with the process's arguments and exit with its code.
import { run } from './main';

process.exitCode = await run(process.argv.slice(2));
