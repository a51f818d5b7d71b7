/**
 * `npm run asl`: synthesizes the stateless stack in-process and writes the state machines'
 * definitions (phase, report), exactly as deployed, to workflows/asl/<name>.asl.json with their
 * CloudFormation references resolved to local ARNs that keep the logical id. The local runtime
 * executes those files; a test fails when one is stale.
 */
import { writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from './app.ts';

type Part = string | { 'Fn::GetAtt'?: [string, string]; Ref?: string };

function resolvePart(part: Part): string {
  if (typeof part === 'string') return part;
  if (part['Fn::GetAtt'])
    return `arn:aws:lambda:ap-southeast-3:000000000000:function:${part['Fn::GetAtt'][0]}`;
  if (part.Ref) return part.Ref === 'AWS::Partition' ? 'aws' : part.Ref;
  throw new Error(`Cannot resolve ${JSON.stringify(part)}`);
}

export function phaseDefinition(): Record<string, unknown> {
  return definitionOf('Phase');
}

export function reportDefinition(): Record<string, unknown> {
  return definitionOf('Report');
}

function definitionOf(name: 'Phase' | 'Report'): Record<string, unknown> {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true },
  });
  const { stateless } = buildApp(app, { env: { account: '000000000000', region: 'ap-southeast-3' } });
  const machines = Template.fromStack(stateless).findResources('AWS::StepFunctions::StateMachine');
  const [, machine] = Object.entries(machines).find(([id]) => id.includes(`Workflows${name}`))!;
  const body = machine.Properties.DefinitionString as string | { 'Fn::Join': [string, Part[]] };
  const text =
    typeof body === 'string' ? body : body['Fn::Join'][1].map(resolvePart).join(body['Fn::Join'][0]);
  return JSON.parse(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, definition] of [
    ['phase', phaseDefinition()],
    ['report', reportDefinition()],
  ] as const) {
    writeFileSync(
      new URL(`../workflows/asl/${file}.asl.json`, import.meta.url),
      `${JSON.stringify(definition, null, 2)}\n`,
    );
    console.log(`workflows/asl/${file}.asl.json written`);
  }
}
