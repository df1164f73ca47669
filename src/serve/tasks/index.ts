/** @file The served tasks by name (a model's `spec.task` picks one). */
import type { TaskDefinition, TaskName } from "../task.ts";
import { imageClassification } from "./image-classification.ts";

export const TASKS: Partial<Record<TaskName, TaskDefinition>> = {
  "image-classification": imageClassification,
};
