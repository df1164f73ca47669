/** @file The vision namespace `lw.vision`: image files ↔ tensors, transforms, random augmentations, image grids. */
export { readImage, decodeImage, writePng, encodePng, type ReadImageOptions, type ImageChannels } from "./io.ts";
export { resize, normalize, crop, hflip, rotate } from "./transforms.ts";
export { compose, randomCrop, randomHorizontalFlip, randomRotation, randomNoise, type Transform } from "./augment.ts";
export { makeGrid, saveImageGrid, type GridOptions } from "./grid.ts";
export { TransformDataset } from "./dataset.ts";
