import { useEffect, useState } from 'react';
import { noFilter, type LogLevel, type LogModel } from './log-model';

/** Typing pauses this long before the log is filtered again (a rescan of up to 50,000 lines). */
const TYPING_MS = 150;

/** The log's filter as the bar edits it: levels and node apply at once, typed words after a short pause. */
export interface LogFilterControls {
  readonly text: string;
  readonly record: string;
  setText(text: string): void;
  setRecord(record: string): void;
  toggleLevel(level: LogLevel): void;
  setNode(node: string | undefined): void;
  clear(): void;
}

/** Edits the model's filter. */
export function useLogFilter(model: LogModel): LogFilterControls {
  const [text, setText] = useState(model.filter.text);
  const [record, setRecord] = useState(model.filter.record);

  useEffect(() => {
    if (text === model.filter.text && record === model.filter.record) return;
    const timer = setTimeout(() => model.setFilter({ ...model.filter, text, record }), TYPING_MS);
    return () => clearTimeout(timer);
  }, [model, text, record]);

  return {
    text,
    record,
    setText,
    setRecord,
    toggleLevel: (level) =>
      model.setFilter({
        ...model.filter,
        levels: { ...model.filter.levels, [level]: !model.filter.levels[level] },
      }),
    setNode: (node) => model.setFilter({ ...model.filter, node }),
    clear: () => {
      setText('');
      setRecord('');
      model.setFilter(noFilter);
    },
  };
}
