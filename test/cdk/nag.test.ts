import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { SmartSpendStack } from '../../lib/smart-spend-stack';
import { testApp } from './support';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** Synthesises a nag-checked App (its own App: Template.fromStack refuses one with a plugin). */
function synthWithNag(context: Record<string, unknown> = {}): { findings: string[]; stack: SmartSpendStack } {
  const app = testApp(context);
  const stack = new SmartSpendStack(app, 'SmartSpendStack');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    if (!/Validation failed/i.test(String(error))) throw error;
  }
  const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const findings = report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((c) => `${violation.ruleName} at ${c.constructPath}`),
    ),
  );
  return { findings, stack };
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // data: { '<kind>::<rule id>': reason }
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([key, reason]) => ({ path: construct.node.path, id: key.replace(/^[A-Za-z]+::/, ''), reason })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the default (dev) stack', () => {
    expect(synthWithNag().findings).toEqual([]);
  });

  it('finds nothing unacknowledged in production with an inference profile, alarm e-mail and notification e-mail', () => {
    const { findings } = synthWithNag({
      stage: 'production',
      bedrockModelId: 'eu.anthropic.claude-3-haiku-20240307-v1:0',
      alarmEmail: 'ops@example.com',
      senderIdentity: 'example.com',
    });
    expect(findings).toEqual([]);
  });

  it('has a reason on every acknowledgement, and acknowledges single findings, never a whole rule pack', () => {
    const { stack } = synthWithNag();
    const acks = acknowledgements(stack).filter((ack) => ack.id.startsWith('AwsSolutions'));
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length).toBeGreaterThan(40);
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+[0-9]+(\[.+\])?$/);
    }
  });

  it('cites only files that exist in the repository', () => {
    const { stack } = synthWithNag();
    const repo = join(__dirname, '..', '..');
    const cited = acknowledgements(stack).flatMap((ack) =>
      [...ack.reason.matchAll(/(?<![\w./-])\w[\w./-]*\.(?:md|ts|json|sql)\b/g)].map((m) => ({
        file: m[0],
        ack: ack.id,
      })),
    );
    for (const { file, ack } of cited) {
      const candidates = [join(repo, file), join(repo, 'lambdas/app/api', file)];
      expect({ ack, file, exists: candidates.some((path) => existsSync(path)) }).toEqual({ ack, file, exists: true });
    }
  });
});
