/**
 * cdk-nag for the whole app, plus one small addition: acknowledgements whose finding id is only
 * known once CDK has resolved cross-stack references.
 *
 * cdk-nag 3 names a wildcard finding after the flattened resource, e.g.
 * `AwsSolutions-IAM5[Resource::<export name>/*]`. When the bucket lives in the stateful stack and
 * the policy in the stateless one, that export name exists only after `prepareApp` — long after
 * the constructs were written. `acknowledgeLater()` records a function that computes the exact
 * finding id at validation time, so a suppression still names exactly one finding (cdk-nag 3 has
 * no prefix matching, and we want none).
 */
import { type Acknowledgment, type PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

type LateAcknowledgment = () => Acknowledgment;

const pending = new WeakMap<IConstruct, LateAcknowledgment[]>();

/** Acknowledge a finding on `scope` whose id can only be computed after references are resolved. */
export function acknowledgeLater(scope: IConstruct, ack: LateAcknowledgment): void {
  const list = pending.get(scope) ?? [];
  list.push(ack);
  pending.set(scope, list);
}

/** The id cdk-nag gives an IAM5 finding for `resource` as seen from `scope`'s stack. */
export function iam5ResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

const applied = new WeakMap<IConstruct, Set<string>>();

function applyPending(root: IConstruct): void {
  for (const construct of root.node.findAll()) {
    const acks = pending.get(construct);
    if (!acks) continue;
    const done = applied.get(construct) ?? new Set<string>();
    applied.set(construct, done);
    for (const ack of acks.map((late) => late())) {
      if (done.has(ack.id)) continue;
      done.add(ack.id);
      Validations.of(construct).acknowledge(ack);
    }
  }
}

/** AwsSolutions checks that first apply the late acknowledgements. Any finding fails synth. */
export class SiklusNagChecks extends AwsSolutionsChecks {
  /** Called by validate() during synthesis, and directly by tests (after a synth). */
  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    applyPending(scope);
    return super.validateScope(scope);
  }
}
