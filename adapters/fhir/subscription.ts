import type { FhirReply, FhirRequest } from './caller';
import type { FhirEncounters } from './encounter';
import { FhirError, invalid, unprocessable, type Issue } from './outcome';
import { checkResource } from './schema';

interface NotificationBundle {
  resourceType: 'Bundle';
  type: 'history';
  entry: { fullUrl?: string; resource?: { resourceType: string; parameter?: Parameter[] } & Record<string, unknown> }[];
}

interface Parameter {
  name: string;
  valueCode?: string;
  valueString?: string;
  valueReference?: { reference?: string };
  part?: Parameter[];
}

/** The SubscriptionStatus of an R4 backport notification: a Parameters resource (R4) or a SubscriptionStatus (R4B). */
function statusOf(bundle: NotificationBundle): { type: string; subscription?: string } {
  const status = bundle.entry[0]?.resource;
  if (status?.resourceType === 'SubscriptionStatus') return { type: String(status.type ?? ''), subscription: (status.subscription as { reference?: string } | undefined)?.reference };
  if (status?.resourceType !== 'Parameters') throw invalid('the first entry must be the SubscriptionStatus (a Parameters resource in R4)', 'Bundle.entry[0].resource');
  const parameter = (name: string) => status.parameter?.find((p) => p.name === name);
  return { type: parameter('type')?.valueCode ?? '', subscription: parameter('subscription')?.valueReference?.reference };
}

/**
 * The REST-hook end of a FHIR Subscription (R4 Subscriptions Backport): the sending system's
 * server posts a history Bundle whose first entry is the SubscriptionStatus. A handshake or
 * heartbeat is acknowledged. An event notification with full resources turns each Encounter into a
 * journey event of its visit, exactly as a conditional update would; an id-only notification names
 * resources without their content, which this server does not fetch back from the sender, so it
 * is refused (422, kept in the inbox) with the reason: subscribe with `full-resource` content.
 */
export class FhirSubscriptionNotifications {
  constructor(private readonly encounters: FhirEncounters) {}

  async receive(request: FhirRequest): Promise<FhirReply> {
    const bundle = checkResource<NotificationBundle>('Bundle', request.body);
    const { type } = statusOf(bundle);
    if (type === 'handshake' || type === 'heartbeat') return { status: 200, resource: outcome([{ severity: 'information', code: 'informational', diagnostics: `${type} acknowledged` }]) };
    if (type !== 'event-notification') throw unprocessable(`notification type ${JSON.stringify(type)} is not one of handshake, heartbeat, event-notification`, 'Bundle.entry[0].resource');
    const focus = bundle.entry.slice(1);
    const issues: Issue[] = [];
    const encounters = focus.filter((e) => e.resource?.resourceType === 'Encounter');
    if (focus.length > 0 && focus.every((e) => !e.resource)) {
      throw unprocessable('an id-only notification names resources without their content, and this server does not fetch them back: subscribe with full-resource content', 'Bundle.entry');
    }
    for (const [index, entry] of focus.entries()) {
      if (!entry.resource) issues.push({ severity: 'warning', code: 'not-supported', diagnostics: `entry ${index + 1} carries no resource: not applied`, expression: `Bundle.entry[${index + 1}]` });
      else if (entry.resource.resourceType !== 'Encounter') {
        issues.push({ severity: 'warning', code: 'not-supported', diagnostics: `a ${entry.resource.resourceType} is not applied from notifications; only Encounters are`, expression: `Bundle.entry[${index + 1}].resource` });
      }
    }
    for (const entry of encounters) {
      const index = bundle.entry.indexOf(entry);
      try {
        const reply = await this.encounters.notified({ ...request, body: entry.resource });
        issues.push({ severity: 'information', code: 'informational', diagnostics: `Encounter/${(reply.resource as { id: string }).id} updated`, expression: `Bundle.entry[${index}].resource` });
      } catch (error) {
        if (!(error instanceof FhirError)) throw error;
        throw new FhirError(error.status, error.issues.map((i) => ({ ...i, expression: `Bundle.entry[${index}].resource${(i.expression ?? '').replace(/^Encounter/, '')}` })));
      }
    }
    if (issues.length === 0) issues.push({ severity: 'information', code: 'informational', diagnostics: 'event notification acknowledged; it named no resources' });
    return { status: 200, resource: outcome(issues) };
  }
}

const outcome = (issues: Issue[]) => ({
  resourceType: 'OperationOutcome',
  issue: issues.map((i) => ({ severity: i.severity ?? 'information', code: i.code, diagnostics: i.diagnostics, ...(i.expression ? { expression: [i.expression] } : {}) })),
});
