/** Sends one e-mail; SES on AWS. Throws when the message was not accepted. */
export interface Mailer {
  send(message: {
    to: string;
    subject: string;
    text: string;
    html: string;
    unsubscribeUrl: string;
  }): Promise<{ messageId: string }>;
}
