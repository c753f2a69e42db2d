/**
 * The storage the flow store needs: one JSON file written atomically. `conf` (Node) and `electron-store`
 * (Electron, a subclass of conf) both provide it, so both hosts share one schema and one file format.
 */
export interface KeyValueFile {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Opens the named store file in a folder. */
export type KeyValueFileFactory = (options: { cwd: string; name: string }) => KeyValueFile;
