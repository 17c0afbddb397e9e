/**
 * Runs a benchmark's `main` and exits: 0 when it finished (targets met or missed are printed, not
 * failures), 1 with the error when the run itself broke. Exiting explicitly ends any client a
 * failed run left open.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
