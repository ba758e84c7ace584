/** Ends an exhaustive `switch`: a new frame or command that is not handled breaks the build here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
