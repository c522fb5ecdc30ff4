import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { safeFilename, uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

/** What a person types is redacted before it is stored, like what they import (issue 17, item 4). */
describe('redaction where text enters by hand', () => {
  let database: TestDatabase;
  let request: ReturnType<typeof apiClient>;
  const person = randomUUID();
  let accountId = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    request = apiClient(
      createRouter(apiRoutes, {
        db: database.db,
        blobs: new MemoryBlobStore(),
        categoriseQueue: new RecordingQueue(),
        forecastQueue: new RecordingQueue(),
        languageModel: null,
        knowledge: loadMerchantKnowledge(),
        logger,
        limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      }),
    );
    accountId = (await request(person, 'POST', '/accounts', { name: 'Cash', currency: 'GBP' })).body.id;
  });
  afterAll(async () => database.close());

  it('a manual entry keeps no card number, IBAN, e-mail or phone number in its description, notes or tags', async () => {
    const created = await request(person, 'POST', '/transactions', {
      accountId,
      date: '2024-03-01',
      amount: -2500,
      description: 'paid jo 4111.1111.1111.1111 back',
      notes: 'IBAN gb82 west 1234 5698 7654 32, mail jo@example.com, (202) 555-0143',
      tags: ['card 4111/1111/1111/1111', 'rent'],
    });
    expect(created.status).toBe(201);
    expect(created.body.description).toBe('paid jo ••1111 back');
    expect(created.body.notes).toBe('IBAN ••5432, mail [email], [phone ••43]');
    expect(created.body.tags).toEqual(['card ••1111', 'rent']);

    const patched = await request(person, 'PATCH', `/transactions/${created.body.id}`, {
      notes: '07700900123',
      tags: ['DE89 3704 0044 0532 0130 00'],
    });
    expect(patched.body.transaction.notes).toBe('[phone ••23]');
    expect(patched.body.transaction.tags).toEqual(['••3000']);

    const stored = await database.sql`select description, notes, tags from transactions where id = ${created.body.id}`;
    expect(JSON.stringify(stored)).not.toMatch(/4111|5698|0044|07700900123|example\.com/);
  });

  it('an upload’s file name is stored, shown and keyed without the card number in it', async () => {
    const started = await request(person, 'POST', '/uploads', { filename: 'visa 4111 1111 1111 1111 march.csv' });
    expect(started.status).toBe(201);
    // (The URL's random ids may hold '4111' by chance: the card number is what must be gone.)
    expect(decodeURIComponent(started.body.uploadUrl)).not.toMatch(/4111\D?1111\D?1111/);
    const upload = await request(person, 'GET', `/uploads/${started.body.uploadId}`);
    expect(upload.body.filename).toBe('visa ••1111 march.csv');
    expect(uploadObjectKey(person, started.body.uploadId, 'visa 4111 1111 1111 1111 march.csv')).toMatch(
      /\/visa ••1111 march\.csv$/,
    );
    expect(safeFilename('../jo@example.com statement.csv')).toBe('[email] statement.csv');
  });
});
