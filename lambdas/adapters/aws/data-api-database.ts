import { RDSData } from '@aws-sdk/client-rds-data';
import { Kysely, type Driver } from 'kysely';
import { DataApiDialect } from 'kysely-data-api';
import { DataApiClient, type ResumeRetryOptions } from './data-api-client';

export interface DataApiDatabaseOptions {
  resourceArn: string;
  secretArn: string;
  database: string;
  client?: RDSData;
  retry?: ResumeRetryOptions;
}

/**
 * When BeginTransaction itself fails (a cluster that did not resume), Kysely still asks for
 * a rollback, which kysely-data-api refuses with an error that would hide the real one.
 */
class DataApiDialectKeepingErrors extends DataApiDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      try {
        await rollback(connection);
      } catch (error) {
        if (!/before creating it/.test((error as Error).message)) throw error;
      }
    };
    return driver;
  }
}

/** Kysely over the RDS Data API: the same queries as postgres.js runs locally. */
export function createDataApiDatabase<DB>(options: DataApiDatabaseOptions): Kysely<DB> {
  const client = new DataApiClient(options.client ?? new RDSData({}), options.retry);
  return new Kysely<DB>({
    dialect: new DataApiDialectKeepingErrors({
      mode: 'postgres',
      driver: {
        // kysely-data-api calls only the four methods DataApiClient provides.
        client: client as unknown as RDSData,
        resourceArn: options.resourceArn,
        secretArn: options.secretArn,
        database: options.database,
      },
    }),
  });
}
