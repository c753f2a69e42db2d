import { createContext } from 'react';
import type { ContractClient } from '../bridge/contract-client';
import type { AppStore } from '../stores/app-store';

/** What every page reaches: the app store and the contract client. Given once, at the root. */
export interface AppServices {
  readonly store: AppStore;
  readonly client: ContractClient;
}

/** The app's services; undefined outside `<App>`. */
export const AppServicesContext = createContext<AppServices | undefined>(undefined);
