// Runs api-extractor once per public subpath. api-extractor.json holds the shared settings; this
// script swaps the entry point and the report name. Without --local it fails when a committed
// report in etc/ is stale (that is what `npm test` runs); with --local it rewrites the reports.

import path from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const local = process.argv.includes('--local');
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const entries = {
  kubenv: 'index',
  'kubenv-vitest': 'vitest',
  'kubenv-jest': 'jest',
  'kubenv-testing': 'testing',
};

const configFile = path.join(root, 'api-extractor.json');
let failed = false;
for (const [report, entry] of Object.entries(entries)) {
  const configObject = ExtractorConfig.loadFile(configFile);
  configObject.mainEntryPointFilePath = `<projectFolder>/dist/${entry}.d.ts`;
  configObject.apiReport.reportFileName = report;
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: configFile,
    packageJsonFullPath: path.join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: local, showVerboseMessages: false });
  // In --local mode the "report changed, updated it" notice is the point, not a problem.
  const warnings = result.warningCount - (local && result.apiReportChanged ? 1 : 0);
  if (result.errorCount > 0 || warnings > 0) {
    failed = true;
    const why =
      result.apiReportChanged && !local ? ' (the report is stale: run `npm run api:update` and commit etc/)' : '';
    console.error(`api-extractor: ${report}: ${result.errorCount} errors, ${warnings} warnings${why}`);
  }
}
if (failed) process.exit(1);
console.log(`api-extractor: ${Object.keys(entries).length} reports ${local ? 'written' : 'up to date'} in etc/`);
