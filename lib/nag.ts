import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on `scope` with its reason, once however often it is asked
 * (bind helpers run once per function they bind). cdk-nag 3 takes one finding id at a time:
 * `AwsSolutions-IAM5[Resource::*]`, never a whole rule.
 */
export function acknowledgeOnce(scope: IConstruct, ack: { id: string; reason: string }): void {
  const seen = ACKNOWLEDGED.get(scope) ?? new Set<string>();
  if (seen.has(ack.id)) return;
  seen.add(ack.id);
  ACKNOWLEDGED.set(scope, seen);
  Validations.of(scope).acknowledge(ack);
}

const ACKNOWLEDGED = new WeakMap<IConstruct, Set<string>>();
