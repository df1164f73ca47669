/** @file The served tasks by name (a model's `spec.task` picks one). */
import type { TaskDefinition, TaskName } from "../task.ts";
import { imageClassification } from "./image-classification.ts";
import { TEXT_TASKS } from "./text-tasks.ts";

export const TASKS: Record<TaskName, TaskDefinition> = {
  "image-classification": imageClassification,
  ...TEXT_TASKS,
};
