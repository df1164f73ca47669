/** @file TrackingError: lw.track's one error class, carrying MLflow's error code (the server maps it to an HTTP status). */

export type TrackingErrorCode = "RESOURCE_DOES_NOT_EXIST" | "INVALID_PARAMETER_VALUE" | "RESOURCE_ALREADY_EXISTS" | "INTERNAL_ERROR";

/** HTTP status of each code, as MLflow's server answers. */
export const HTTP_STATUS: Record<TrackingErrorCode, number> = {
  RESOURCE_DOES_NOT_EXIST: 404, INVALID_PARAMETER_VALUE: 400, RESOURCE_ALREADY_EXISTS: 400, INTERNAL_ERROR: 500,
};

export class TrackingError extends Error {
  constructor(readonly code: TrackingErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts);
    this.name = "TrackingError";
  }
}

export const notFound = (message: string): TrackingError => new TrackingError("RESOURCE_DOES_NOT_EXIST", message);
export const invalid = (message: string): TrackingError => new TrackingError("INVALID_PARAMETER_VALUE", message);
export const exists = (message: string): TrackingError => new TrackingError("RESOURCE_ALREADY_EXISTS", message);
