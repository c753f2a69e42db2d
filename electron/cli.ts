import { runRunCommand } from './cli/run-command';
import { runServeCommand } from './cli/serve-command';
import { runSandboxCommand } from './sandbox/sandbox-command';
import { runValidateCommand } from './cli/validate-command';

const help = `Usage: ledgerflow <command> [options]

Commands:
  validate <file>   check a flow file and list its problems with their paths
  run <file>        run a flow: --shadow (plan only) or --live, [--sandbox] [--json]
  serve             start the browser host (the app on http://127.0.0.1)
  sandbox           start the API simulators (Xero, Visma eAccounting, Visma.net) on 127.0.0.1

Run 'ledgerflow <command> --help' for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return runValidateCommand(rest);
    case 'run':
      return runRunCommand(rest);
    case 'serve':
      return runServeCommand(rest);
    case 'sandbox':
      return runSandboxCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(help);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`ledgerflow: unknown command '${command}'\n\n${help}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const parseError =
      error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      parseError
        ? `ledgerflow: ${error.message}\n`
        : `ledgerflow: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exit(parseError ? 2 : 1);
  },
);
