import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../ports/mailer';

/**
 * E-mail through SES (v2 API), under a configuration set whose event destination reports
 * bounces and complaints, with a one-click List-Unsubscribe header beside the link in the body.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string,
  ) {}

  async send(message: {
    to: string;
    subject: string;
    text: string;
    html: string;
    unsubscribeUrl: string;
  }): Promise<{ messageId: string }> {
    const answer = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        ConfigurationSetName: this.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            Headers: [
              { Name: 'List-Unsubscribe', Value: `<${message.unsubscribeUrl}>` },
              { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
            ],
          },
        },
      }),
    );
    return { messageId: answer.MessageId ?? '' };
  }
}
