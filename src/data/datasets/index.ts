/** @file Ready-made datasets read from local files (`lw.data.datasets.fashionMNIST({ train: true })`, `loadIris()`). */
export { fashionMNIST, mnist, ImageClassificationDataset, FASHION_MNIST_CLASSES, MNIST_CLASSES, type MnistOptions } from "./mnist.ts";
export { loadIris, loadWine, loadBreastCancer, type Bunch } from "./tables.ts";
