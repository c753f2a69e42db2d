import { AppServicesContext, type AppServices } from './app-context';
import { AppShell } from './AppShell';

/** The app: gives the store and the contract client to every page. */
export function App({ services }: { services: AppServices }) {
  return (
    <AppServicesContext value={services}>
      <AppShell />
    </AppServicesContext>
  );
}
