/** @file lw.search: vector search — exact FlatIndex on the native GEMM, approximate HNSWIndex with one-file save/load. */
export { FlatIndex, type SearchResult } from "./flat.ts";
export { HNSWIndex, type HNSWOptions } from "./hnsw.ts";
export { saveHNSW, loadHNSW } from "./hnsw-file.ts";
export { type SearchMetric, type VectorsLike } from "./vectors.ts";
export { VectorStore, type EmbeddingFunction, type VectorStoreOptions, type StoredDocument, type ScoredDocument, type SimilaritySearchOptions, type MetadataFilter, type Metadata } from "./vector-store.ts";
export { type StoreIndexOptions, type StoreIndexKind } from "./vector-store-index.ts";
