import { defineSearchAttributeKey } from '@temporalio/common';

/** The custom search attributes that make PX360 runs findable in the Temporal Web UI. */
export const PxEntity = defineSearchAttributeKey('PxEntity', 'KEYWORD');
export const PxHospital = defineSearchAttributeKey('PxHospital', 'KEYWORD');
export const PxStatus = defineSearchAttributeKey('PxStatus', 'KEYWORD');
export const PxDueAt = defineSearchAttributeKey('PxDueAt', 'DATETIME');
export const PxJourney = defineSearchAttributeKey('PxJourney', 'KEYWORD');

export const pxSearchAttributes = [PxEntity, PxHospital, PxStatus, PxDueAt, PxJourney];
