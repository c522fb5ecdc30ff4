import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Db } from '../../adapters/postgres/schema';
import type { MerchantKnowledge } from '../../core/categorise/merchant-knowledge';
import type { CategoriseMessage, ExportMessage, ForecastMessage } from '../../core/messages';
import type { PersonLimits } from '../../core/person-limits';
import type { BlobStore } from '../../ports/blob-store';
import type { CoachModel } from '../../ports/coach-model';
import type { LanguageModel } from '../../ports/language-model';
import type { MessageQueue } from '../../ports/queue';
import type { UserDirectory } from '../../ports/user-directory';

/** What every route may use: built once per cold start by the composition root. */
export interface ApiContext {
  db: Db;
  blobs: BlobStore;
  categoriseQueue: MessageQueue<CategoriseMessage>;
  forecastQueue: MessageQueue<ForecastMessage>;
  /**
   * Where `POST /me/export` queues an export for the export worker (SQS on AWS, the durable
   * local queue on one machine). Without it, asking for an export answers 500 (a server set up
   * without an export worker; tests that do not export leave it out).
   */
  exportQueue?: MessageQueue<ExportMessage>;
  languageModel: LanguageModel | null;
  /** Where people sign in (Cognito on AWS), erased with the person. @default noUserDirectory: the local stack keeps no one */
  users?: UserDirectory;
  /** The coach's tool-calling model (Bedrock on AWS, COACH_MODEL_URL locally); without one the deterministic coach answers. */
  coachModel?: CoachModel | null;
  /** The coach model runs on the deployer's own hardware: its tokens cost nothing. @default false */
  coachModelSelfHosted?: boolean;
  /** The shipped merchant knowledge; read from the repository's layer folder when not given. */
  knowledge?: MerchantKnowledge;
  /** Within a request, a child of the function's logger whose every line carries the request's correlation id. */
  logger: Logger;
  /** Counts 5xx answers (ApiServerErrors), which an alarm watches. */
  metrics?: Metrics;
  limits: { maxUploadBytes: number; maxUploadRows: number; uploadUrlExpirySeconds: number };
  /** Per-person limits; DEFAULT_PERSON_LIMITS when not given. */
  personLimits?: PersonLimits;
  /** Signs and checks the unsubscribe links in e-mails (UNSUBSCRIBE_SECRET); without it, the links answer 404. */
  unsubscribeSecret?: string;
  /** Where the API is reachable, for links (the local stack's upload URLs). */
  publicBaseUrl?: string;
}
