/**
 * @file TrackingClient: the explicit, run-id-taking API (MLflow's MlflowClient) over one store: runs,
 * params, metrics, tags, artefacts, and the model registry (versions, aliases, tags).
 * @example const c = new lw.track.TrackingClient(); c.setRegisteredModelAlias("fashion-cnn", "champion", 3);
 */
import type { AnyModule } from "../nn/module.ts";
import { getTrackingUri } from "./fluent.ts";
import { loadModel, registerModel } from "./models.ts";
import { TrackingStore, type ParamValue } from "./store.ts";
import type {
  ArtifactEntry, Experiment, MetricPoint, ModelVersion, RegisteredModel, Run, RunInfo, RunStatus, SearchRunsOptions, SearchRunsResult,
} from "./types.ts";

export class TrackingClient {
  readonly store: TrackingStore;

  /** A client of the store at `trackingUri` (default: the fluent API's tracking URI). */
  constructor(trackingUri?: string | TrackingStore) {
    this.store = trackingUri instanceof TrackingStore ? trackingUri : TrackingStore.open(trackingUri ?? getTrackingUri());
  }
  close(): void {
    this.store.close();
  }

  // experiments and runs
  createExperiment(name: string, opts: { tags?: Record<string, string>; artifactLocation?: string } = {}): string { return this.store.createExperiment(name, opts); }
  getExperiment(experimentId: string): Experiment { return this.store.getExperiment(experimentId); }
  getExperimentByName(name: string): Experiment | null { return this.store.getExperimentByName(name); }
  searchExperiments(): Experiment[] { return this.store.listExperiments(); }
  createRun(experimentId: string, opts: { runName?: string; tags?: Record<string, string>; startTime?: number } = {}): RunInfo {
    return this.store.createRun({ experimentId, ...opts });
  }
  getRun(runId: string): Run { return this.store.getRun(runId); }
  setTerminated(runId: string, status: RunStatus = "FINISHED", endTime?: number): RunInfo { return this.store.updateRun(runId, { status, endTime }); }
  deleteRun(runId: string): void { this.store.deleteRun(runId); }
  restoreRun(runId: string): void { this.store.restoreRun(runId); }
  searchRuns(experimentIds: string[], filter = "", opts: Omit<SearchRunsOptions, "experimentIds" | "filter"> = {}): SearchRunsResult {
    return this.store.searchRuns({ experimentIds, filter, ...opts });
  }

  // logging
  logParam(runId: string, key: string, value: ParamValue): void { this.store.logParams(runId, { [key]: value }); }
  logMetric(runId: string, key: string, value: number, timestamp = Date.now(), step = 0): void { this.store.logMetrics(runId, [{ key, value, step, timestamp }]); }
  logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Record<string, ParamValue>; tags?: Record<string, string> }): void { this.store.logBatch(runId, batch); }
  setTag(runId: string, key: string, value: string): void { this.store.setTags(runId, { [key]: value }); }
  deleteTag(runId: string, key: string): void { this.store.deleteTag(runId, key); }
  getMetricHistory(runId: string, key: string): MetricPoint[] { return this.store.metricHistory(runId, key); }
  logArtifact(runId: string, localPath: string, artifactPath?: string): string { return this.store.logArtifact(runId, localPath, artifactPath); }
  logText(runId: string, text: string, artifactFile: string): string { return this.store.logText(runId, text, artifactFile); }
  listArtifacts(runId: string, path?: string): ArtifactEntry[] { return this.store.listArtifacts(runId, path); }
  /** The local path of an artefact (the store is local: nothing is copied). */
  downloadArtifacts(runId: string, path: string): string { return this.store.artifactFile(runId, path); }

  // model registry
  createRegisteredModel(name: string, opts: { description?: string; tags?: Record<string, string> } = {}): RegisteredModel { return this.store.createRegisteredModel(name, opts); }
  getRegisteredModel(name: string): RegisteredModel { return this.store.getRegisteredModel(name); }
  searchRegisteredModels(): RegisteredModel[] { return this.store.listRegisteredModels(); }
  updateRegisteredModel(name: string, description: string): RegisteredModel { return this.store.updateRegisteredModel(name, { description }); }
  deleteRegisteredModel(name: string): void { this.store.deleteRegisteredModel(name); }
  createModelVersion(name: string, source: string, runId?: string | null, opts: { description?: string; tags?: Record<string, string> } = {}): ModelVersion {
    return this.store.createModelVersion(name, { source, runId, ...opts });
  }
  /** Registers a logged model (runs:/RUN/model), checking it was written by logModel. */
  registerModel(modelUri: string, name: string, opts: { description?: string; tags?: Record<string, string> } = {}): ModelVersion {
    return registerModel(modelUri, name, { ...opts, store: this.store });
  }
  getModelVersion(name: string, version: number | string): ModelVersion { return this.store.getModelVersion(name, version); }
  searchModelVersions(name: string): ModelVersion[] { return this.store.listModelVersions(name); }
  updateModelVersion(name: string, version: number | string, description: string): ModelVersion { return this.store.updateModelVersion(name, version, { description }); }
  deleteModelVersion(name: string, version: number | string): void { this.store.deleteModelVersion(name, version); }
  setRegisteredModelAlias(name: string, alias: string, version: number | string): void { this.store.setRegisteredModelAlias(name, alias, version); }
  deleteRegisteredModelAlias(name: string, alias: string): void { this.store.deleteRegisteredModelAlias(name, alias); }
  getModelVersionByAlias(name: string, alias: string): ModelVersion { return this.store.getModelVersionByAlias(name, alias); }
  setModelVersionTag(name: string, version: number | string, key: string, value: string): void { this.store.setModelVersionTag(name, version, key, value); }
  deleteModelVersionTag(name: string, version: number | string, key: string): void { this.store.deleteModelVersionTag(name, version, key); }
  setRegisteredModelTag(name: string, key: string, value: string): void { this.store.setRegisteredModelTag(name, key, value); }
  deleteRegisteredModelTag(name: string, key: string): void { this.store.deleteRegisteredModelTag(name, key); }
  /** The module of a model URI from this client's store. */
  loadModel<M extends AnyModule = AnyModule>(modelUri: string): M { return loadModel<M>(modelUri, { store: this.store }); }
}
