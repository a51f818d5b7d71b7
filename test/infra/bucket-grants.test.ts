/**
 * Bucket grants are declared per group in functions/api/groups.ts. No current group touches a
 * bucket, so this file deploys a variation of the `employees` group that reads and writes
 * evidence and reads reports, to pin down the exact S3 statements and prove that the cross-stack
 * `<bucket>/*` acknowledgement (infra/nag.ts) names the finding cdk-nag actually raises.
 */
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { type GroupDef, groups } from '#functions/api/groups.ts';
import { routes } from '#functions/api/routes.ts';
import { asArray, type CfnResource, synthApp } from './synth-app.ts';

// prepare (once per file): synth would throw if any cdk-nag finding were left unacknowledged
const group: GroupDef = { ...groups.employees, evidenceBucket: 'readWrite', reportsBucket: 'read' };
const built = synthApp({ groups: [group], routes: routes.filter((r) => r.group === 'employees') });
const { stateful, stateless, statelessTemplate } = built;

const fn = stateless.functions.get('employees')!;
const policyId = Stack.of(fn).getLogicalId(
  fn.role.node.findChild('DefaultPolicy').node.defaultChild as never,
);
const statements = (
  (statelessTemplate.toJSON().Resources[policyId] as CfnResource).Properties!.PolicyDocument as {
    Statement: { Action: string | string[]; Resource: unknown }[];
  }
).Statement;

/** Statements whose resources mention the given stateful bucket (through its export). */
function statementsFor(bucketLogicalId: string) {
  return statements.filter((s) => JSON.stringify(s.Resource).includes(bucketLogicalId));
}

const logicalId = (c: { node: { defaultChild?: unknown } }) =>
  Stack.of(c as never).getLogicalId(c.node.defaultChild as never);

describe('bucket grants', () => {
  it('lets the group read and write evidence objects, one named action at a time', () => {
    // act
    const actions = statementsFor(logicalId(stateful.evidenceBucket)).flatMap((s) => asArray(s.Action));

    // assess
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucket']),
    );
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions).not.toContain('s3:DeleteObject');
  });

  it('lets the group only read report objects', () => {
    // act
    const actions = statementsFor(logicalId(stateful.reportsBucket)).flatMap((s) => asArray(s.Action));

    // assess
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('s3:PutObject');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('passes cdk-nag with the object wildcard acknowledged once per bucket', () => {
    // act
    const report = built.nag.validateScope(built.app);

    // assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
