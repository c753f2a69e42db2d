import { useContext } from 'react';
import { AppServicesContext, type AppServices } from './app-context';

/** The app store and contract client given at the root. */
export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices must be used inside <App>');
  return services;
}
