import type { ConnectorDescriptor, SystemId } from './connector-descriptor';
import { vismaEaccountingDescriptor } from './visma-eaccounting.descriptor';
import { vismaNetDescriptor } from './visma-net.descriptor';
import { xeroDescriptor } from './xero.descriptor';

/** Every connector's descriptor, by system id. Adding a connector adds one line here. */
export const connectorDescriptors: Readonly<Record<SystemId, ConnectorDescriptor>> = {
  xero: xeroDescriptor,
  'visma-eaccounting': vismaEaccountingDescriptor,
  'visma-net': vismaNetDescriptor,
};
