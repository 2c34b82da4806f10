import { Hospital, IntegrationSource, type Hl7CharsetName } from '../../models/entities';
import type { Orm } from '../../models/orm';

const REFRESH_MS = 30_000;

/**
 * Who may send us messages: hospitals by code (matched against MSH-4) and MLLP sources by MSH-3,
 * read from the database and kept for 30 s so intake does not query per message. An unknown code
 * forces a refresh, so a hospital created a moment ago is found.
 */
export class IntakeDirectory {
  private hospitals = new Map<string, string>();
  private sources = new Map<string, { id: string; defaultCharset: Hl7CharsetName }>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(private readonly orm: Orm) {}

  private async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.loadedAt < REFRESH_MS) return;
    this.loading ??= (async () => {
      const em = this.orm.em.fork();
      const hospitals = await em.find(Hospital, { deletedAt: null });
      const sources = await em.find(IntegrationSource, { deletedAt: null, active: true, type: 'mllp' });
      this.hospitals = new Map(hospitals.map((h) => [h.code.toUpperCase(), h.id]));
      this.sources = new Map(sources.filter((s) => s.sendingApplication).map((s) => [s.sendingApplication!.toUpperCase(), { id: s.id, defaultCharset: s.defaultCharset }]));
      this.loadedAt = Date.now();
    })().finally(() => (this.loading = undefined));
    await this.loading;
  }

  async hospitalId(code: string): Promise<string | undefined> {
    await this.refresh();
    const key = code.toUpperCase();
    if (!this.hospitals.has(key) && Date.now() - this.loadedAt > 1_000) await this.refresh(true);
    return this.hospitals.get(key);
  }

  async source(sendingApplication: string): Promise<{ id: string; defaultCharset: Hl7CharsetName } | undefined> {
    await this.refresh();
    return this.sources.get(sendingApplication.toUpperCase());
  }
}
