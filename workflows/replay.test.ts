/**
 * Replays recorded encounter and survey histories against today's workflow code. A change that would break
 * running encounters (different commands for the same history) fails here; version such changes
 * with `patched()`. Histories are `temporal workflow show --output json` of real runs; a history
 * whose commands depend on the workflow id (child workflow ids) names it in a `workflowId` field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';

const dir = path.join(__dirname, 'histories');
const histories = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const replay = ({ workflowId, ...history }: { workflowId?: string }) =>
  Worker.runReplayHistory({ workflowsPath: require.resolve('./index') }, historyFromJSON(history), workflowId);

describe('workflow replay', () => {
  it('has recorded histories', () => expect(histories.length).toBeGreaterThan(0));

  it.each(histories)('%s replays without a determinism violation', async (file) => {
    await expect(replay(load(file))).resolves.toBeUndefined();
  });

  it('a history the code would not produce is caught', async () => {
    const history = load('encounter-opd-reopened.json');
    const scheduled = history.events.find((e: { activityTaskScheduledEventAttributes?: unknown }) => e.activityTaskScheduledEventAttributes);
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    await expect(replay(history)).rejects.toThrow(DeterminismViolationError);
  });
});
