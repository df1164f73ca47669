/** @file The text tasks (serve-tasks' part of the registry): merged into TASKS in src/serve/tasks/index.ts. */
import type { TaskDefinition, TaskName } from "../task.ts";
import { featureExtraction } from "./feature-extraction.ts";
import { fillMask } from "./fill-mask.ts";
import { textClassification } from "./text-classification.ts";
import { textGeneration } from "./text-generation.ts";
import { tokenClassification } from "./token-classification.ts";

export const TEXT_TASKS: Record<Exclude<TaskName, "image-classification">, TaskDefinition> = {
  "text-classification": textClassification,
  "token-classification": tokenClassification,
  "fill-mask": fillMask,
  "feature-extraction": featureExtraction,
  "text-generation": textGeneration,
};
