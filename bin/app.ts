import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SmartSpendStack } from '../lib/smart-spend-stack';

const app = new App();
new SmartSpendStack(app, 'SmartSpendStack', {
  description: 'Smart Spend: personal-finance backend (S3 uploads, SQS pipeline, Aurora Serverless v2, HTTP API)',
});
// AwsSolutions checks on every synth: an unacknowledged finding stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
