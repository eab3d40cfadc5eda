/// The simulated backend patterns: components, pipeline, knobs, scenarios, metrics.
