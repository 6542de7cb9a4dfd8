/** The job summary of fetch-secrets: names, versions and destinations, never values. */
import { code, markdownTable } from '../core/summary.js';
import type { AwsSession } from '../platform/aws/credentials.js';
import type { SecretAge } from './rotation.js';
import type { ExportPlan, FetchedSecret } from './types.js';

export function summaryMarkdown(
  secrets: FetchedSecret[],
  plan: ExportPlan,
  ages: Map<string, SecretAge>,
  session: AwsSession,
): string {
  const unique = new Map(secrets.map((s) => [s.arn, s]));
  const rows = [...unique.values()].map((s) => {
    const destinations = plan.values
      .filter((v) => v.secretName === s.name)
      .map((v) => `${v.exposure} ${code(v.name)}`);
    const age = ages.get(s.arn);
    return [
      code(s.name),
      code(s.versionId),
      destinations.join(', ') || '(no values)',
      age ? `${age.ageDays} days ago${age.rotationEnabled ? '' : ' (rotation off)'}` : '-',
    ];
  });

  return [
    '### fetch-secrets',
    '',
    `Read ${unique.size} secret(s) as ${code(session.principalArn)} in ${code(session.region)}.`,
    '',
    markdownTable(['Secret', 'Version', 'Exposed as', 'Last rotated'], rows),
    '',
  ].join('\n');
}
