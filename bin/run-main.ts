// The end of every command in bin/: the main function's number is the exit status; an exception is
// a failure of the command itself, reported as such.

export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${name} failed:`, error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
