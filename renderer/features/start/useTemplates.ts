import { useCallback, useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';

/** A ready flow from flows-examples/, as `flows.templates` gives it. */
export type FlowTemplate = CallOutput<'flows.templates'>['templates'][number];

/** The templates, and "use one": import a copy (`onConflict: 'copy'`), then open it. */
export function useTemplates() {
  const { client, store } = useAppServices();
  const [templates, setTemplates] = useState<FlowTemplate[]>();
  const [usingId, setUsingId] = useState<string>();

  useEffect(() => {
    let isCurrent = true;
    client.call('flows.templates', {}).then(
      (result) => isCurrent && setTemplates(result.templates),
      () => isCurrent && setTemplates([]),
    );
    return () => {
      isCurrent = false;
    };
  }, [client]);

  const applyTemplate = useCallback(
    async (template: FlowTemplate) => {
      setUsingId(template.id);
      try {
        const result = await client.call('flows.import', { text: template.text, onConflict: 'copy' });
        void store.getState().refreshFlows();
        store.getState().navigate({ page: 'editor', flowId: result.summary.id });
      } catch (error) {
        store.getState().notify(errorNotice(`Could not use '${template.name}'`, error));
      } finally {
        setUsingId(undefined);
      }
    },
    [client, store],
  );

  return { templates, usingId, applyTemplate };
}
