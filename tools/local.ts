/**
 * npm run local -- --workbook IN.xlsx --today YYYY-MM-DD [--now HH:MM] [--out OUT.xlsx] [--props PROPS.json] [--allow-fetch URL]... [--import FILE]... [--json] [--preview]
 * --import FILE (repeatable): an export of the shop's booking or register system, imported in order before the run
 * (every uncertain match left unconfirmed, new customers confirmed); one line per file on stderr.
 * Exit 0 when done (even with rows that need attention), 1 when the workbook cannot be processed, 2 for bad usage.
 */
import { parseArgs } from 'node:util';
import { summaryText } from '../src/app/summary';
import { importLine, runLocal, RunFailure, UsageError } from './runner';

const USAGE =
  'usage: npm run local -- --workbook IN.xlsx --today YYYY-MM-DD [--now HH:MM] [--out OUT.xlsx] [--props PROPS.json] [--allow-fetch URL]... [--import FILE]... [--json] [--preview]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        workbook: { type: 'string' },
        today: { type: 'string' },
        now: { type: 'string' },
        out: { type: 'string' },
        props: { type: 'string' },
        // A stand-in's URL prefix UrlFetchApp may fetch besides appsscript.json's urlFetchWhitelist.
        'allow-fetch': { type: 'string', multiple: true },
        import: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        preview: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!args.workbook || !args.today) {
    console.error(USAGE);
    return 2;
  }
  try {
    const result = await runLocal({
      workbook: args.workbook,
      today: args.today,
      now: args.now,
      out: args.out,
      props: args.props,
      preview: args.preview,
      allowFetch: args['allow-fetch'],
      imports: args.import,
    });
    if (!args.json) for (const done of result.imports) console.error(importLine(done));
    if (args.json) {
      for (const line of result.customers) process.stdout.write(`${JSON.stringify(line)}\n`);
    } else {
      console.log(summaryText(result.summary));
      console.log(
        `出力: ${result.outPath}（下書き ${result.drafts}件、LINE ${result.lineMessages}件: ${result.filesDir}）`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    console.error(error instanceof RunFailure ? error.message : error);
    return 1;
  }
}

// exitCode, not process.exit(): Node then ends once stdout has drained, so `--json | …` loses no line when the reader
// is slower than the runner (process.exit drops what a pipe has not taken yet).
void main().then((code) => {
  process.exitCode = code;
});
