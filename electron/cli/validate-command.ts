import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseFlowText } from '../../shared/flow/flow-validation';

const help = `Usage: ledgerflow validate <file.json> [--json]

Checks a flow file: its format and version, every node's settings, and the graph (no loops, no dangling edges,
every destination fed by a source). Prints each problem with its place in the file.

Exit codes: 0 the flow is valid and complete; 1 it has problems; 2 the file could not be read.
  --json   print {"file", "valid", "problems": [{path, message, severity}]} instead of text
`;

/** Where the command writes; process.stdout/stderr in the CLI. */
export interface Output {
  write(text: string): unknown;
}

/** `ledgerflow validate`: exit 0 on a good file, 1 with every problem listed on a bad one. */
export function runValidateCommand(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    out.write(help);
    return 0;
  }
  if (positionals.length !== 1) {
    err.write(`ledgerflow validate: give exactly one flow file\n\n${help}`);
    return 2;
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    err.write(
      `ledgerflow validate: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return 2;
  }
  const result = parseFlowText(text);
  const problems = result.problems;
  const valid = result.ok && problems.length === 0;
  if (values.json) {
    out.write(`${JSON.stringify({ file, valid, problems })}\n`);
    return valid ? 0 : 1;
  }
  if (result.ok && valid) {
    out.write(`✓ ${file}: valid flow '${result.flow.name}'\n`);
    return 0;
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const incomplete = problems.length - errors;
  const counts = [
    errors && `${errors} error${errors === 1 ? '' : 's'}`,
    incomplete && `${incomplete} incomplete`,
  ]
    .filter(Boolean)
    .join(', ');
  out.write(`✗ ${file}: ${counts}\n`);
  for (const p of problems)
    out.write(`  ${p.severity === 'error' ? 'error     ' : 'incomplete'}  ${p.path}: ${p.message}\n`);
  return 1;
}
