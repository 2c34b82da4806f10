/** Every Temporal task queue PX360 uses, named once. */
export const TASK_QUEUES = {
  /** Patient journeys, surveys, complaints and PX actions. */
  px: 'px360',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
