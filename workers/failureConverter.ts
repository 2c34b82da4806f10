/**
 * The failure converter encrypted deployments use (`temporalDataConverter`, and the production
 * workflow bundle): a failure's message and stack trace travel in an encoded payload rather than
 * as plain text, so the payload codec encrypts them like everything else. Loaded by path, also
 * inside the workflow sandbox, so it imports nothing but the SDK.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
