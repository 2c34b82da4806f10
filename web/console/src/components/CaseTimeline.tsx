import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUserName } from '../reference';
import { FreeText, When } from './common';

export interface CaseEvent {
  at: string;
  kind: string;
  actorId: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

/** Everything that happened to a complaint or action, oldest first. */
export function CaseTimeline({ events, hospitalId }: { events: CaseEvent[]; hospitalId: string }) {
  const { t } = useTranslation();
  const userName = useUserName();
  return (
    <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} data-testid="timeline">
      {events.map((event, index) => (
        <Timeline.Item key={`${event.at}-${index}`} title={t(`timeline.${event.kind}`, { defaultValue: event.kind })} data-kind={event.kind}>
          <Text size="xs" c="dimmed">
            {event.actorId ? userName(event.actorId, t('common.me')) : t('timeline.system')} · <When value={event.at} hospitalId={hospitalId} inline />
          </Text>
          {event.note && <FreeText>{event.note}</FreeText>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
