/** Ends an exhaustive `switch` over a union: a new frame, event or command not handled breaks the build here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
