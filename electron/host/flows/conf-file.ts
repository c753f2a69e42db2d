import Conf from 'conf';
import type { KeyValueFileFactory } from './key-value-file';

/**
 * The Node host's store: `conf`, the library under electron-store, with the same options the Electron host
 * passes to electron-store. Keys are flow ids, which may contain dots, so dot-notation is off.
 */
export const openConfFile: KeyValueFileFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({
    cwd,
    configName: name,
    projectName: 'ledgerflow',
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  });
