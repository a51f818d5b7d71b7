/**
 * Imported first by the local entry points: Powertools reads POWERTOOLS_METRICS_DISABLED when
 * functions/observability.ts constructs its Metrics, at module load, so setting it later (in the
 * runtime) is too late. Locally EMF lines and "No application metrics" warnings are only noise.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
