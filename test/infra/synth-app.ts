/**
 * Builds the CDK app in-process the way `cdk synth` does (same cdk.json context), but with
 * esbuild bundling skipped so a synth takes a few seconds. Build it once per test file.
 */
import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type BuildAppOptions, buildApp, type SiklusApp } from '../../infra/app.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface SynthesizedApp extends SiklusApp {
  statefulTemplate: Template;
  statelessTemplate: Template;
}

export function synthApp(
  options: BuildAppOptions & { context?: Record<string, unknown> } = {},
): SynthesizedApp {
  const { context, ...buildOptions } = options;
  const app = new App({ context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] } });
  const built = buildApp(app, {
    env: { account: '123456789012', region: 'ap-southeast-3' },
    ...buildOptions,
  });
  // Template.fromStack synthesizes the whole app, cdk-nag included: a finding throws here.
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}

export interface AcknowledgedRule {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement (suppression) recorded anywhere in the tree. */
export function acknowledgedRules(root: IConstruct): AcknowledgedRule[] {
  const out: AcknowledgedRule[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [qualified, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: construct.node.path, id: qualified.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return out;
}

export type CfnResource = { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown };

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Sid?: string;
}

/** All IAM statements of a template: AWS::IAM::Policy documents and roles' inline policies. */
export function iamStatements(template: Template): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as CfnResource[]) {
    const doc = policy.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] };
    statements.push(...doc.Statement);
  }
  for (const role of Object.values(template.findResources('AWS::IAM::Role')) as CfnResource[]) {
    const inline = (role.Properties?.Policies ?? []) as {
      PolicyDocument: { Statement: PolicyStatementJson[] };
    }[];
    for (const p of inline) statements.push(...p.PolicyDocument.Statement);
  }
  return statements;
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
