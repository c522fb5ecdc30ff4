import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { SmartSpendConfig } from '../../lib/config';
import { SmartSpendStack } from '../../lib/smart-spend-stack';

const REPO_ROOT = join(__dirname, '..', '..');

/** The context `cdk synth` runs with (cdk.json: our settings and the feature flags). */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/**
 * An App for tests: cdk.json's context, no esbuild bundling (`aws:cdk:bundling-stacks` empty:
 * the functions point at their source folder, the template is otherwise identical), and no
 * built-in CloudFormation validation (the CLI synth keeps it).
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
}

export interface SynthesisedStack {
  app: App;
  stack: SmartSpendStack;
  template: Template;
}

export function synthStack(context: Record<string, unknown> = {}, config?: SmartSpendConfig): SynthesisedStack {
  const app = testApp(context);
  const stack = new SmartSpendStack(app, 'SmartSpendStack', { config });
  return { app, stack, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties?: Record<string, any>; DependsOn?: string | string[] };

/** Every resource of a type, by logical id. */
export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
export function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') return record.Ref;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
}
