/** The MongoDB collections that hold pipeline state: ingest jobs (their records) and leases (who runs what). */
export const INGEST_JOBS_COLLECTION = 'ingest_jobs';
export const LEASES_COLLECTION = 'leases';
/** Lease keys of running ingest jobs start with this (`ingest:<source>`); a live one means a job is producing. */
export const INGEST_LEASE_PREFIX = 'ingest:';
