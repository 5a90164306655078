// Types for the test that checks the data folder's modes.
export function privateDataDir(dir?: string): void;
