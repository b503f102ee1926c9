/** Operational endpoints: health, readiness, version, Prometheus metrics and the test clock. */
package io.arco.api.ops;
