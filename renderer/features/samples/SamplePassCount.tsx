import jsonata from 'jsonata';
import { useEffect, useState } from 'react';
import { compileConditions } from '../../../shared/flow/conditions';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import type { SampleState } from './useSampleRecords';

type FilterConfig = Extract<FlowNode, { type: 'filter' }>['config'];

/** How many of the sample records a filter lets through, with the same semantics the engine applies. */
export function SamplePassCount({ samples, config }: { samples: SampleState; config: FilterConfig }) {
  const [count, setCount] = useState<{ passed: number; failed?: string }>();
  const records = samples.status === 'ready' ? samples.records : undefined;

  useEffect(() => {
    if (!records) return;
    let isCurrent = true;
    (async () => {
      if (!('expression' in config)) {
        const passes = compileConditions(config);
        return { passed: records.filter((r) => passes(r.data)).length };
      }
      const expression = jsonata(config.expression);
      let passed = 0;
      for (const r of records) if ((await expression.evaluate(r.data)) === true) passed++;
      return { passed };
    })().then(
      (result) => isCurrent && setCount(result),
      (error: unknown) =>
        isCurrent && setCount({ passed: 0, failed: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      isCurrent = false;
    };
  }, [records, config]);

  if (!records || !count || samples.status !== 'ready') return null;
  if (count.failed)
    return <div className="expr-error">The predicate fails on the samples: {count.failed}</div>;
  return (
    <p className="muted small" data-testid="filter-sample-count">
      {count.passed} of {records.length} sample records from {samples.company} pass
    </p>
  );
}
