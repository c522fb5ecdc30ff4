import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Db } from '../../adapters/postgres/schema';
import type { MerchantKnowledge } from '../../core/categorise/merchant-knowledge';
import type { CategoriseMessage, ForecastMessage } from '../../core/messages';
import type { PersonLimits } from '../../core/person-limits';
import type { BlobStore } from '../../ports/blob-store';
import type { LanguageModel } from '../../ports/language-model';
import type { MessageQueue } from '../../ports/queue';

/** What every route may use: built once per cold start by the composition root. */
export interface ApiContext {
  db: Db;
  blobs: BlobStore;
  categoriseQueue: MessageQueue<CategoriseMessage>;
  forecastQueue: MessageQueue<ForecastMessage>;
  languageModel: LanguageModel | null;
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
